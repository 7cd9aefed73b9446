import type { Scenarios } from '@suite/contracts';

/**
 * The guided scenarios' switches: the ONE place where they are defined (README "Tour" walks through
 * them). Each is an environment variable read once at start by the config.ts of each app it affects
 * (which hands the client switches to ClientsModule.forRoot); `npm start` and the launcher pass the
 * environment on to every service, so `SCENARIO_N_PLUS_ONE=on npm start` flips it. The default of each is the fix; the BFF shows the ones in force on its page (GET /api/config).
 *
 * | scenario                        | switch (the problem)            | the fix (default)       | read by                |
 * | ------------------------------- | ------------------------------- | ----------------------- | ---------------------- |
 * | 1 sequential waterfall          | `?strategy=sequential` per call | `?strategy=parallel`    | BFF (query, no env)    |
 * | 2 N+1 calls                     | SCENARIO_N_PLUS_ONE=on          | off: one batched call   | recommendation-service |
 * | 3 connection limit (queueing)   | SCENARIO_CONNECTION_LIMIT=2     | 0: no process-wide cap  | every HTTP client      |
 * | 4 retry storm                   | SCENARIO_RETRY_JITTER=off       | on: decorrelated jitter | every HTTP client      |
 *
 * Scenario 4 needs a failing dependency: the page's "orders fail" chaos button, or
 * `npm run chaos -- flaky-orders`.
 */
export const SCENARIO_DEFAULTS: Scenarios = {
  nPlusOne: false,
  connectionLimit: 0,
  retryJitter: true,
};

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${name}=${raw} is not valid: set it to on or off (or unset it)`);
}

/** The switches in force, from the environment; a typo stops the start with the accepted values. */
export function scenarios(env: NodeJS.ProcessEnv = process.env): Scenarios {
  const limit = env['SCENARIO_CONNECTION_LIMIT'];
  let connectionLimit = SCENARIO_DEFAULTS.connectionLimit;
  if (limit !== undefined && limit !== '') {
    connectionLimit = Number(limit);
    if (!Number.isInteger(connectionLimit) || connectionLimit < 0) {
      throw new Error(
        `SCENARIO_CONNECTION_LIMIT=${limit} is not valid: a whole number of calls in flight (e.g. 2), or 0 for no cap`,
      );
    }
  }
  return {
    nPlusOne: onOff(env, 'SCENARIO_N_PLUS_ONE', SCENARIO_DEFAULTS.nPlusOne),
    connectionLimit,
    retryJitter: onOff(env, 'SCENARIO_RETRY_JITTER', SCENARIO_DEFAULTS.retryJitter),
  };
}

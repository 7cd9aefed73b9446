import { defaultUrl } from '@suite/contracts';
/**
 * The ONE place where every resilience knob of every downstream is defined. Each setting reads
 * `<PREFIX>_<KNOB>` from the environment, PREFIX being USER_SERVICE, ORDER_SERVICE, LOYALTY_SERVICE or
 * RECOMMENDATION_SERVICE, e.g. LOYALTY_SERVICE_BREAKER_FAILURES=3.
 *
 * | knob                  | meaning                                                                  |
 * | --------------------- | ------------------------------------------------------------------------ |
 * | _URL                  | where the service listens                                                 |
 * | _TIMEOUT_MS           | per-attempt limit; the effective one is min(this, request budget left)    |
 * | _RETRIES              | extra attempts for idempotent reads (GET) only; writes are never retried  |
 * | _RETRY_BASE_MS        | first backoff delay (exponential, decorrelated jitter)                    |
 * | _RETRY_MAX_MS         | largest backoff delay; a retry needs at least this much budget left       |
 * | _BREAKER_FAILURES     | consecutive failed attempts that open the circuit breaker                 |
 * | _BREAKER_HALF_OPEN_MS | how long an open breaker refuses calls before one probe is let through    |
 * | _BULKHEAD_LIMIT       | calls in flight at once to this service (per process)                     |
 * | _BULKHEAD_QUEUE       | calls waiting for a slot; beyond that a call is refused at once           |
 *
 * Defaults keep the dashboard (budget DASHBOARD_BUDGET_MS, 1500 ms) fast: timeouts sit well above each
 * service's simulated p99 and below the budget, retries are short, a dead service is short-circuited
 * after 8 failed attempts in a row (about three dashboards' worth) and probed again every 5 s.
 * Not 5: at the flaky-orders experiment's 20 % error rate, 5 in a row happen in ~5 % of runs of ~200
 * attempts (200 x 0.8 x 0.2^5), tripping the breaker on noise the retries absorb; 8 in a row, ~0.04 %.
 */
export type Downstream = 'user' | 'orders' | 'loyalty' | 'recommendations';

export interface PolicySettings {
  /** Name on spans and in messages, e.g. loyalty-service. */
  service: string;
  url: string;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  breakerFailures: number;
  breakerHalfOpenMs: number;
  bulkheadLimit: number;
  bulkheadQueue: number;
}

type Knobs = Omit<PolicySettings, 'service'>;

const COMMON = {
  retryBaseMs: 25,
  retryMaxMs: 150,
  breakerFailures: 8,
  breakerHalfOpenMs: 5000,
  bulkheadLimit: 64,
  bulkheadQueue: 64,
};

export const POLICY_DEFAULTS: Record<Downstream, { prefix: string; service: string } & Knobs> = {
  user: {
    prefix: 'USER_SERVICE',
    service: 'user-service',
    ...COMMON,
    url: defaultUrl('user-service'),
    timeoutMs: 600,
    // Critical branch: one quick retry, then a clear 503.
    retries: 1,
  },
  orders: {
    prefix: 'ORDER_SERVICE',
    service: 'order-service',
    ...COMMON,
    url: defaultUrl('order-service'),
    timeoutMs: 800,
    retries: 2,
  },
  loyalty: {
    prefix: 'LOYALTY_SERVICE',
    service: 'loyalty-service',
    ...COMMON,
    url: defaultUrl('loyalty-service'),
    timeoutMs: 500,
    retries: 2,
  },
  recommendations: {
    prefix: 'RECOMMENDATION_SERVICE',
    service: 'recommendation-service',
    ...COMMON,
    url: defaultUrl('recommendation-service'),
    // It calls order-service itself before scoring: the slowest branch by design.
    timeoutMs: 1200,
    retries: 1,
    retryBaseMs: 50,
    retryMaxMs: 200,
  },
};

const KNOBS: { key: keyof Knobs; suffix: string; min: number }[] = [
  { key: 'timeoutMs', suffix: 'TIMEOUT_MS', min: 1 },
  { key: 'retries', suffix: 'RETRIES', min: 0 },
  { key: 'retryBaseMs', suffix: 'RETRY_BASE_MS', min: 0 },
  { key: 'retryMaxMs', suffix: 'RETRY_MAX_MS', min: 0 },
  { key: 'breakerFailures', suffix: 'BREAKER_FAILURES', min: 1 },
  { key: 'breakerHalfOpenMs', suffix: 'BREAKER_HALF_OPEN_MS', min: 1 },
  { key: 'bulkheadLimit', suffix: 'BULKHEAD_LIMIT', min: 1 },
  { key: 'bulkheadQueue', suffix: 'BULKHEAD_QUEUE', min: 0 },
];

/** The settings of one downstream, defaults overridden by the environment. */
export function policySettings(downstream: Downstream, env = process.env): PolicySettings {
  const { prefix, service, ...defaults } = POLICY_DEFAULTS[downstream];
  const settings: PolicySettings = {
    ...defaults,
    service,
    url: env[`${prefix}_URL`] ?? defaults.url,
  };
  for (const { key, suffix, min } of KNOBS) {
    const variable = `${prefix}_${suffix}`;
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `${variable}=${JSON.stringify(raw)} must be a whole number >= ${min}; unset it or set e.g. ${variable}=${defaults[key]}`,
      );
    }
    (settings as unknown as Record<string, number>)[key] = value;
  }
  return settings;
}

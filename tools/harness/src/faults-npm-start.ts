import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { LocalProcessTarget, httpCall } from './faults';
import { SERVICE_NAMES, type ServiceName } from '@suite/contracts';

/** Where `npm start` says what it runs, so `npm run chaos` can find and control it. */
export const SUITE_STATE_FILE = '.data/run/suite.json';

export interface SuiteState {
  version: 1;
  /** The `npm start` process itself. */
  pid: number;
  startedAt: string;
  services: Record<ServiceName, { pid?: number; url: string }>;
  /** Loopback endpoint that starts a service inside npm start's own process group. */
  control: { url: string; token: string };
  /** The services' CHAOS_ADMIN_TOKEN. */
  chaosToken?: string;
  jaegerUrl?: string;
}

export function writeSuiteState(root: string, state: SuiteState): void {
  const file = join(root, SUITE_STATE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  // Owner-only: it holds the tokens.
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function readSuiteState(root: string): SuiteState | undefined {
  try {
    return JSON.parse(readFileSync(join(root, SUITE_STATE_FILE), 'utf8')) as SuiteState;
  } catch {
    return undefined;
  }
}

export function removeSuiteState(root: string): void {
  rmSync(join(root, SUITE_STATE_FILE), { force: true });
}

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * `POST /services/<name>/start` with `authorization: Bearer <token>`, on 127.0.0.1 only: lets the
 * chaos runner bring back a service it killed, inside npm start's process group (same output, same
 * stop on Ctrl-C).
 */
export async function serveSuiteControl(
  token: string,
  start: (service: ServiceName) => Promise<void>,
): Promise<{ url: string; server: Server }> {
  const expected = Buffer.from(`Bearer ${token}`);
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply(401, {
        message: 'needs authorization: Bearer <control token of .data/run/suite.json>',
      });
    }
    const match = /^\/services\/([a-z-]+)\/start$/.exec(req.url ?? '');
    const service = match?.[1] as ServiceName | undefined;
    if (req.method !== 'POST' || !service || !SERVICE_NAMES.includes(service)) {
      return reply(404, { message: `POST /services/<${SERVICE_NAMES.join('|')}>/start` });
    }
    start(service).then(
      () => reply(200, { started: service }),
      (error: unknown) => reply(500, { message: (error as Error).message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The running `npm start` as a fault target, or undefined when none is running. */
export function npmStartTarget(root: string): LocalProcessTarget | undefined {
  const state = readSuiteState(root);
  if (!state) return undefined;
  try {
    process.kill(state.pid, 0);
  } catch {
    return undefined; // a leftover of an npm start that did not clean up
  }
  const current = () => readSuiteState(root) ?? state;
  return new LocalProcessTarget({
    kind: 'npm-start',
    description: `the running npm start (pid ${state.pid})`,
    bffUrl: state.services.bff.url,
    ...(state.jaegerUrl ? { jaegerUrl: state.jaegerUrl } : {}),
    ...(state.chaosToken ? { chaosToken: state.chaosToken } : {}),
    urls: Object.fromEntries(SERVICE_NAMES.map((s) => [s, state.services[s].url])) as Record<
      ServiceName,
      string
    >,
    pid: (service) => current().services[service].pid,
    spawn: async (service) => {
      const answer = await httpCall(state.control.url, {
        method: 'POST',
        path: `/services/${service}/start`,
        headers: { authorization: `Bearer ${state.control.token}` },
        timeoutMs: 60_000,
      });
      if (answer.status !== 200) {
        throw new Error(
          `npm start could not start ${service}: ${answer.status} ${JSON.stringify(answer.body ?? answer.error)}`,
        );
      }
    },
  });
}

// The commands of the ctk CLI (node tools/chaos/dist/ctk.js <command> ...), parsed once for both
// runners: `chaos run` executes them as processes, `npm run chaos` reads them into its own model.
import { parseArgs } from 'node:util';
import { PROCESS_FAULTS, SERVICE_NAMES } from '@suite/harness';
import { BRANCHES, BRANCH_STATUSES } from '@suite/contracts';

export type ProcessFault = (typeof PROCESS_FAULTS)[number];
export type Branch = (typeof BRANCHES)[number];
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

export interface TrafficCommand {
  command: 'traffic';
  request: 'dashboard' | 'checkout' | 'all';
  /** How long `chaos run` drives load for this probe (the project runner measures its phase instead). */
  seconds: number;
  tolerance: {
    minRequests: number;
    statuses?: number[];
    max5xx?: number;
    latencyMs?: { p50?: number; p95?: number; p99?: number; max?: number };
    branch?: {
      name: Branch;
      okFraction?: { min?: number; max?: number };
      seen?: BranchStatus[];
      allIn?: BranchStatus[];
    };
  };
}

export type CtkCommand =
  | TrafficCommand
  | { command: 'outbox'; retryForMs: number; maxPending: number; maxDead: number }
  | { command: 'accruals'; retryForMs: number; pointsPerItem: number }
  | { command: ProcessFault; service: string }
  | { command: 'inject'; service: string; fault: Record<string, unknown> & { kind: string } }
  | { command: 'clear'; service: string };

export const CTK_SCRIPT = 'tools/chaos/dist/ctk.js';

const num = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${flag} takes a number, not "${value}"`);
  return n;
};

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw new Error(`${what} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

const list = <T extends string>(what: string, value: string | undefined, allowed: readonly T[]) =>
  value === undefined ? undefined : value.split(',').map((v) => oneOf(what, v.trim(), allowed));

function traffic(args: string[]): TrafficCommand {
  const { values: v } = parseArgs({
    args,
    strict: true,
    options: Object.fromEntries(
      [
        'request',
        'seconds',
        'min-requests',
        'statuses',
        'max-5xx',
        'p50',
        'p95',
        'p99',
        'max-ms',
        'branch',
        'ok-min',
        'ok-max',
        'seen',
        'all-in',
      ].map((k) => [k, { type: 'string' as const }]),
    ),
  });
  const get = (k: string) => v[k] as string | undefined;
  const latency = Object.fromEntries(
    (['p50', 'p95', 'p99', 'max-ms'] as const).flatMap((k) => {
      const n = num(k, get(k));
      return n === undefined ? [] : [[k === 'max-ms' ? 'max' : k, n]];
    }),
  );
  const branchName = get('branch');
  const okMin = num('ok-min', get('ok-min'));
  const okMax = num('ok-max', get('ok-max'));
  const seen = list('branch status', get('seen'), BRANCH_STATUSES);
  const allIn = list('branch status', get('all-in'), BRANCH_STATUSES);
  const statuses = get('statuses')
    ?.split(',')
    .map((s) => num('statuses', s)!);
  const max5xx = num('max-5xx', get('max-5xx'));
  return {
    command: 'traffic',
    request: oneOf('--request', get('request') ?? 'dashboard', ['dashboard', 'checkout', 'all']),
    seconds: num('seconds', get('seconds')) ?? 5,
    tolerance: {
      minRequests: num('min-requests', get('min-requests')) ?? 5,
      ...(statuses ? { statuses } : {}),
      ...(max5xx !== undefined ? { max5xx } : {}),
      ...(Object.keys(latency).length ? { latencyMs: latency } : {}),
      ...(branchName
        ? {
            branch: {
              name: oneOf('--branch', branchName, BRANCHES),
              ...(okMin !== undefined || okMax !== undefined
                ? {
                    okFraction: {
                      ...(okMin !== undefined ? { min: okMin } : {}),
                      ...(okMax !== undefined ? { max: okMax } : {}),
                    },
                  }
                : {}),
              ...(seen ? { seen } : {}),
              ...(allIn ? { allIn } : {}),
            },
          }
        : {}),
    },
  };
}

function flags(args: string[], names: string[]): Record<string, number | undefined> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: Object.fromEntries(names.map((k) => [k, { type: 'string' as const }])),
  });
  return Object.fromEntries(names.map((k) => [k, num(k, values[k] as string | undefined)]));
}

/** Parses `<command> ...` as the ctk CLI takes it; a mistake throws a message that says what to write. */
export function parseCtkCommand(argv: string[]): CtkCommand {
  const [command = '', ...rest] = argv;
  const service = () => oneOf('service', rest[0] ?? '', SERVICE_NAMES);
  switch (command) {
    case 'traffic':
      return traffic(rest);
    case 'outbox': {
      const f = flags(rest, ['retry-for-s', 'max-pending', 'max-dead']);
      return {
        command,
        retryForMs: (f['retry-for-s'] ?? 0) * 1000,
        maxPending: f['max-pending'] ?? 0,
        maxDead: f['max-dead'] ?? 0,
      };
    }
    case 'accruals': {
      const f = flags(rest, ['retry-for-s', 'points-per-item']);
      return {
        command,
        retryForMs: (f['retry-for-s'] ?? 0) * 1000,
        pointsPerItem: f['points-per-item'] ?? 10,
      };
    }
    case 'inject': {
      let fault: unknown;
      try {
        fault = JSON.parse(rest[1] ?? '');
      } catch {
        throw new Error(
          `inject ${rest[0]} <fault>: the fault must be JSON, e.g. '{"kind":"error","status":503,"rate":0.2}'`,
        );
      }
      if (typeof (fault as { kind?: unknown })?.kind !== 'string')
        throw new Error('inject: the fault needs a "kind" (latency, error, reset, hang)');
      return {
        command,
        service: service(),
        fault: fault as Record<string, unknown> & { kind: string },
      };
    }
    case 'clear':
      return { command, service: service() };
    default:
      if (PROCESS_FAULTS.includes(command as ProcessFault))
        return { command: command as ProcessFault, service: service() };
      throw new Error(
        `unknown ctk command "${command}": use traffic, outbox, accruals, inject, clear or one of ${PROCESS_FAULTS.join(', ')}`,
      );
  }
}

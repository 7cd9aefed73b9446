import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROCESS_FAULTS, SERVICE_NAMES } from '@suite/harness';
import { BRANCHES, BRANCH_STATUSES } from '@suite/contracts';
import { z } from 'zod';
import { CtkExperimentSchema, fromChaosToolkit } from './ctk-format';

/**
 * The project runner's model of a chaos experiment, read from a Chaos Toolkit file (ctk-format.ts): a steady-state hypothesis (probes with tolerances),
 * a method (actions with pauses), rollbacks that always run. Times are in milliseconds.
 */
const Service = z.enum(SERVICE_NAMES as [string, ...string[]], {
  error: `service must be one of ${SERVICE_NAMES.join(', ')}`,
});
export const PHASES = ['before', 'during', 'after'] as const;
export type Phase = (typeof PHASES)[number];
const Phases = z
  .array(z.enum(PHASES))
  .min(1)
  .default([...PHASES]);
const Ms = z.number().int().min(0);
const Pauses = z.strictObject({ beforeMs: Ms.optional(), afterMs: Ms.optional() }).optional();
const Range = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const TrafficTolerance = z.strictObject({
  /** Fewer requests than this in the phase fails the probe (nothing measured is nothing proven). */
  minRequests: z.number().int().min(0).default(5),
  /** Every response status must be one of these (0: no answer at all). */
  statuses: z.array(z.number().int()).optional(),
  max5xx: z.number().int().min(0).optional(),
  latencyMs: z
    .strictObject({
      p50: Ms.optional(),
      p95: Ms.optional(),
      p99: Ms.optional(),
      max: Ms.optional(),
    })
    .optional(),
  /** What the dashboards' meta.branches say about one branch. */
  branch: z
    .strictObject({
      name: z.enum(BRANCHES),
      /** Share of dashboards (200s) where the branch was `ok`. */
      okFraction: Range.optional(),
      /** Each of these statuses was seen at least once. */
      seen: z.array(z.enum(BRANCH_STATUSES)).optional(),
      /** The branch never had another status than these. */
      allIn: z.array(z.enum(BRANCH_STATUSES)).optional(),
    })
    .optional(),
});

const Probe = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('traffic'),
      name: z.string().min(1),
      phases: Phases,
      request: z.enum(['dashboard', 'checkout', 'all']).default('dashboard'),
      tolerance: TrafficTolerance,
    }),
    z.strictObject({
      type: z.literal('http'),
      name: z.string().min(1),
      phases: Phases,
      service: Service.default('bff'),
      method: z.enum(['GET', 'POST']).default('GET'),
      path: z.string().startsWith('/'),
      /** Keep trying this long until the tolerance holds (recovery takes a moment). */
      retryForMs: Ms.default(0),
      tolerance: z.strictObject({
        status: z.union([z.number().int(), z.array(z.number().int())]),
        maxMs: Ms.optional(),
      }),
    }),
    z.strictObject({
      type: z.literal('outbox'),
      name: z.string().min(1),
      phases: Phases,
      retryForMs: Ms.default(0),
      tolerance: z.strictObject({ maxPending: Ms.default(0), maxDead: Ms.default(0) }),
    }),
    z.strictObject({
      type: z.literal('accruals'),
      name: z.string().min(1),
      phases: Phases,
      retryForMs: Ms.default(0),
      /** loyalty-service's POINTS_PER_ITEM. */
      pointsPerItem: z.number().int().positive().default(10),
    }),
  ],
  { error: 'probe type must be one of traffic, http, outbox, accruals' },
);
export type Probe = z.output<typeof Probe>;

const Action = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('process'),
      name: z.string().min(1),
      fault: z.enum(PROCESS_FAULTS),
      service: Service,
      pauses: Pauses,
    }),
    z.strictObject({
      type: z.literal('inject'),
      name: z.string().min(1),
      service: Service,
      /** A fault for the service's /admin/chaos/faults (the service validates it in full). */
      fault: z.looseObject({ kind: z.enum(['latency', 'error', 'reset', 'hang']) }),
      pauses: Pauses,
    }),
    z.strictObject({
      type: z.literal('clear-faults'),
      name: z.string().min(1),
      service: Service,
      pauses: Pauses,
    }),
    z.strictObject({ type: z.literal('wait'), name: z.string().min(1), ms: Ms }),
    /** A method probe, checked at its place in the method: a traffic probe on the answers of its next `ms`. */
    z.strictObject({
      type: z.literal('check'),
      name: z.string().min(1),
      probe: z.string(),
      ms: Ms,
    }),
  ],
  { error: 'action type must be one of process, inject, clear-faults, wait, check' },
);
export type Action = z.output<typeof Action>;

export const ExperimentSchema = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()).default([]),
  /** Which resilience features the hypothesis relies on; shown by `list`. */
  needs: z.array(z.string()).default([]),
  load: z
    .strictObject({
      concurrency: z.number().int().min(1).max(64).default(4),
      thinkMs: Ms.default(50),
      /** Share of requests that are checkouts (the rest are dashboards). */
      checkoutShare: z.number().min(0).max(1).default(0),
      dashboardUsers: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 100]),
      checkoutUsers: z
        .tuple([z.number().int().min(1), z.number().int().min(1)])
        .default([201, 210]),
      timeoutMs: Ms.default(10_000),
    })
    .prefault({}),
  timing: z
    .strictObject({
      beforeMs: Ms.default(3000),
      /** Between the rollbacks and the `after` window: the time the suite gets to heal. */
      recoveryMs: Ms.default(2000),
      afterMs: Ms.default(3000),
    })
    .prefault({}),
  'steady-state-hypothesis': z.strictObject({
    title: z.string().min(1),
    probes: z.array(Probe).min(1),
  }),
  method: z.array(Action).min(1),
  rollbacks: z.array(Action).default([]),
});
export type Experiment = z.output<typeof ExperimentSchema> & { id: string; file: string };

export function experimentsDir(root: string): string {
  return join(root, 'infra', 'chaos');
}

export function experimentIds(root: string): string[] {
  return readdirSync(experimentsDir(root))
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Reads and validates one experiment; a broken file gets an error naming the file and each mistake. */
export function loadExperiment(root: string, id: string): Experiment {
  const file = join(experimentsDir(root), `${id}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `no experiment "${id}" (${file}); npm run chaos -- list shows them: ${experimentIds(root).join(', ')}`,
    );
  }
  return parseExperiment(text, id, file);
}

/** An experiment file anywhere (Chaos Toolkit hands the ctk CLI its path). */
export function loadExperimentFile(file: string, id: string): Experiment {
  return parseExperiment(readFileSync(file, 'utf8'), id, file);
}

export function parseExperiment(text: string, id: string, file = `${id}.json`): Experiment {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const invalid = (issues: string[]) =>
    new Error(
      `${file} is not a valid Chaos Toolkit experiment for this suite:\n${issues.join('\n')}`,
    );
  const describe = (error: z.ZodError) =>
    error.issues.map((i) => `  - ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
  const doc = CtkExperimentSchema.safeParse(raw);
  if (!doc.success) throw invalid(describe(doc.error));
  let model: unknown;
  try {
    model = fromChaosToolkit(doc.data);
  } catch (error) {
    throw invalid([`  - ${(error as Error).message}`]);
  }
  const parsed = ExperimentSchema.safeParse(model);
  if (!parsed.success) throw invalid(describe(parsed.error));
  const checked = new Set(parsed.data.method.flatMap((a) => (a.type === 'check' ? [a.probe] : [])));
  const unknown = [...checked].filter(
    (name) => !parsed.data['steady-state-hypothesis'].probes.some((p) => p.name === name),
  );
  if (unknown.length) throw invalid(unknown.map((n) => `  - method: no probe "${n}"`));
  return { ...parsed.data, id, file };
}

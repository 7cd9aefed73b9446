// Chaos Toolkit experiment files (https://chaostoolkit.org/reference/api/experiment/) read into the
// project runner's model: the steady-state hypothesis is checked before and after, the method's probes
// while the fault is on, and the suite's extras (load, timings) come from the `extensions` entry.
import { SERVICE_NAMES } from '@suite/harness';
import { z } from 'zod';
import { CTK_SCRIPT, parseCtkCommand, type CtkCommand } from './ctk-args';

export const EXTENSION_NAME = 'distributed-tracing-suite';

const ProcessProvider = z.looseObject({
  type: z.literal('process'),
  path: z.string(),
  arguments: z.array(z.string()),
  timeout: z.number().optional(),
});
const HttpProvider = z.looseObject({
  type: z.literal('http'),
  url: z.string(),
  method: z.enum(['GET', 'POST', 'DELETE']).default('GET'),
  headers: z.record(z.string(), z.string()).optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  timeout: z.number().optional(),
});
const Activity = z.looseObject({
  type: z.enum(['probe', 'action']),
  name: z.string().min(1),
  provider: z.discriminatedUnion('type', [ProcessProvider, HttpProvider], {
    error: 'provider type must be process or http',
  }),
  tolerance: z.unknown().optional(),
  pauses: z
    .strictObject({ before: z.number().optional(), after: z.number().optional() })
    .optional(),
});
type Activity = z.output<typeof Activity>;

export const CtkExperimentSchema = z.looseObject({
  version: z.string(),
  title: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()).default([]),
  configuration: z.record(z.string(), z.unknown()).default({}),
  extensions: z.array(z.looseObject({ name: z.string() })).default([]),
  'steady-state-hypothesis': z.strictObject({
    title: z.string().min(1),
    probes: z.array(Activity).min(1),
  }),
  method: z.array(Activity).min(1),
  rollbacks: z.array(Activity).default([]),
});

/** The tolerance every ctk probe has: its printed JSON says ok. */
export const OK_TOLERANCE = { type: 'jsonpath', path: '$.ok', expect: true, target: 'stdout' };

/** `${order_service_url}/admin/chaos/faults` -> order-service, /admin/chaos/faults. */
export function serviceOfUrl(url: string): { service: string; path: string } {
  const match = /^\$\{([a-z_]+)_url\}(\/.*)$/.exec(url);
  const service = match && SERVICE_NAMES.find((s) => s.replace(/-/g, '_') === match[1]);
  if (!match || !service) {
    throw new Error(
      `url "${url}" must start with a service's configuration key, e.g. \${bff_url}/health/ready (keys: ${SERVICE_NAMES.map((s) => `${s.replace(/-/g, '_')}_url`).join(', ')})`,
    );
  }
  return { service, path: match[2]! };
}

function ctkCommand(a: Activity): CtkCommand {
  const p = a.provider;
  if (p.type !== 'process') throw new Error('not a process provider');
  if (p.path !== 'node' || p.arguments[0] !== CTK_SCRIPT)
    throw new Error(`process providers run "node ${CTK_SCRIPT} <command> ..."`);
  return parseCtkCommand(p.arguments.slice(1));
}

function isOkTolerance(t: unknown): boolean {
  return JSON.stringify(t) === JSON.stringify(OK_TOLERANCE);
}

/** One probe for the project runner; `phases`: when it is checked. */
function probe(a: Activity, phases: string[]): Record<string, unknown> {
  const p = a.provider;
  if (p.type === 'http') {
    const { service, path } = serviceOfUrl(p.url);
    const t = a.tolerance;
    const status = Array.isArray(t) ? t : t;
    if (typeof status !== 'number' && !(Array.isArray(status) && status.every(Number.isInteger)))
      throw new Error(
        "an http probe's tolerance is a status code or a list of them, e.g. 200 or [200, 503]",
      );
    return {
      type: 'http',
      name: a.name,
      phases,
      service,
      method: p.method,
      path,
      tolerance: { status, ...(p.timeout !== undefined ? { maxMs: p.timeout * 1000 } : {}) },
    };
  }
  if (!isOkTolerance(a.tolerance))
    throw new Error(
      `a ctk probe's tolerance is ${JSON.stringify(OK_TOLERANCE)} (its JSON output says ok)`,
    );
  const c = ctkCommand(a);
  switch (c.command) {
    case 'traffic':
      return { type: 'traffic', name: a.name, phases, request: c.request, tolerance: c.tolerance };
    case 'outbox':
      return {
        type: 'outbox',
        name: a.name,
        phases,
        retryForMs: c.retryForMs,
        tolerance: { maxPending: c.maxPending, maxDead: c.maxDead },
      };
    case 'accruals':
      // The project runner reads the baseline itself before the load starts.
      return {
        type: 'accruals',
        name: a.name,
        phases: phases.filter((x) => x !== 'before'),
        retryForMs: c.retryForMs,
        pointsPerItem: c.pointsPerItem,
      };
    case 'inject':
    case 'clear':
    case 'kill':
    case 'stop':
    case 'pause':
    case 'resume':
    case 'start':
    case 'restart':
      throw new Error(`"${c.command}" is an action, not a probe`);
  }
}

function action(a: Activity): Record<string, unknown> {
  const pauses =
    a.pauses && (a.pauses.before || a.pauses.after)
      ? {
          pauses: {
            ...(a.pauses.before ? { beforeMs: a.pauses.before * 1000 } : {}),
            ...(a.pauses.after ? { afterMs: a.pauses.after * 1000 } : {}),
          },
        }
      : {};
  const p = a.provider;
  if (p.type === 'http') {
    const { service, path } = serviceOfUrl(p.url);
    if (path !== '/admin/chaos/faults' || p.method === 'GET')
      throw new Error(
        "http actions POST (inject) or DELETE (clear) a service's /admin/chaos/faults",
      );
    return p.method === 'POST'
      ? { type: 'inject', name: a.name, service, fault: p.arguments ?? {}, ...pauses }
      : { type: 'clear-faults', name: a.name, service, ...pauses };
  }
  const c = ctkCommand(a);
  switch (c.command) {
    case 'inject':
      return { type: 'inject', name: a.name, service: c.service, fault: c.fault, ...pauses };
    case 'clear':
      return { type: 'clear-faults', name: a.name, service: c.service, ...pauses };
    case 'traffic':
    case 'outbox':
    case 'accruals':
      throw new Error(`"${c.command}" is a probe: give it type "probe"`);
    case 'kill':
    case 'stop':
    case 'pause':
    case 'resume':
    case 'start':
    case 'restart':
      return { type: 'process', name: a.name, fault: c.command, service: c.service, ...pauses };
  }
}

function located<T>(where: string, name: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw new Error(`${where} "${name}": ${(error as Error).message}`);
  }
}

/**
 * The project runner's model of a Chaos Toolkit document. A method probe is checked at its place in the
 * method; a traffic probe there judges the answers of its next --seconds, as it does under `chaos run`.
 */
export function fromChaosToolkit(
  doc: z.output<typeof CtkExperimentSchema>,
): Record<string, unknown> {
  const ext = doc.extensions.find((e) => e.name === EXTENSION_NAME) ?? {};
  const extras = Object.fromEntries(Object.entries(ext).filter(([k]) => k !== 'name'));
  const probes = doc['steady-state-hypothesis'].probes.map((a) =>
    located('steady-state probe', a.name, () => probe(a, ['before', 'after'])),
  );
  const method: Record<string, unknown>[] = [];
  for (const a of doc.method) {
    if (a.type === 'action') {
      method.push(located('method action', a.name, () => action(a)));
      continue;
    }
    const p = located('method probe', a.name, () => probe(a, ['during']));
    probes.push(p);
    const ms = p['type'] === 'traffic' ? (ctkCommand(a) as { seconds: number }).seconds * 1000 : 0;
    method.push({ type: 'check', name: a.name, probe: a.name, ms });
  }
  const rollbacks = doc.rollbacks.map((a) =>
    located('rollback', a.name, () => {
      if (a.type !== 'action') throw new Error('rollbacks are actions');
      return action(a);
    }),
  );
  return {
    title: doc.title,
    description: doc.description,
    tags: doc.tags,
    ...extras,
    'steady-state-hypothesis': { title: doc['steady-state-hypothesis'].title, probes },
    method,
    rollbacks,
  };
}

import { z } from 'zod';
import { parseLatencyProfile, type LatencyProfile } from '../latency/latency-profile';

/**
 * One injected fault. `route` scopes it (`GET /users/:userId/points`, `/users/:userId/points` for any
 * method, or `*`/absent for every route); `rate` is the fraction of matching requests hit;
 * `durationMs` ends it on a timer, otherwise it lasts until cleared.
 */
const common = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'id: 1 to 64 letters, digits, dot, dash or underscore')
    .optional(),
  route: z.string().trim().min(1).max(200).optional(),
  rate: z
    .number()
    .min(0, 'rate is a fraction from 0 to 1')
    .max(1, 'rate is a fraction from 0 to 1')
    .default(1),
  durationMs: z.number().int().positive('durationMs must be a positive whole number').optional(),
};

const latency = z
  .union([z.number().int().min(0), z.string()])
  .transform((value, ctx): LatencyProfile => {
    try {
      return parseLatencyProfile(String(value), 'latency');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export const ChaosFaultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...common, kind: z.literal('latency'), latency }),
    z.strictObject({
      ...common,
      kind: z.literal('error'),
      status: z
        .number()
        .int()
        .min(400)
        .max(599, 'status must be an HTTP error (400-599)')
        .default(503),
    }),
    z.strictObject({ ...common, kind: z.literal('reset') }),
    z.strictObject({
      ...common,
      kind: z.literal('hang'),
      maxMs: z.number().int().positive().max(600_000).default(30_000),
    }),
  ],
  { error: 'kind must be one of latency, error, reset, hang' },
);

/** One fault or a list of them (a union would hide the useful message of the single-fault case). */
export function parseFaultBody(body: unknown) {
  return Array.isArray(body)
    ? z.array(ChaosFaultSchema).max(50).safeParse(body)
    : ChaosFaultSchema.transform((f) => [f]).safeParse(body);
}

export type ChaosFaultSpec = z.input<typeof ChaosFaultSchema>;
export type ChaosFault = z.output<typeof ChaosFaultSchema>;
export type ChaosFaultKind = ChaosFault['kind'];

export const CHAOS_USAGE =
  'CHAOS_FAULTS takes JSON (one fault or an array, e.g. [{"kind":"error","status":503,"rate":0.3,"route":"GET /users/:userId/orders"}]) ' +
  'or entries of key=value pairs separated by ";", e.g. "kind=latency,latency=fixed:300,route=GET /users/:userId/points;kind=reset,rate=0.1". ' +
  'Kinds: latency (latency=<ms>|fixed:<ms>|lognormal:<median>:<p99>), error (status, default 503), reset, hang (maxMs, default 30000); ' +
  'every kind takes route, rate (0-1) and durationMs.';

const NUMERIC = new Set(['rate', 'durationMs', 'status', 'maxMs']);

/** `kind=error,status=503,rate=0.3;kind=reset` -> plain objects for the schema. */
function parseCompact(text: string): unknown[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) =>
      Object.fromEntries(
        entry.split(',').map((pair) => {
          const at = pair.indexOf('=');
          if (at < 0) throw new Error(`"${pair.trim()}" is not key=value`);
          const key = pair.slice(0, at).trim();
          const value = pair.slice(at + 1).trim();
          return [key, NUMERIC.has(key) ? Number(value) : value];
        }),
      ),
    );
}

/** Parses CHAOS_FAULTS (JSON or the compact form); a mistake stops the start with the accepted forms. */
export function parseChaosFaults(
  text: string | undefined,
  variable = 'CHAOS_FAULTS',
): ChaosFault[] {
  if (!text?.trim()) return [];
  let raw: unknown;
  try {
    raw = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseCompact(text);
  } catch (error) {
    throw new Error(`${variable} is malformed (${(error as Error).message}). ${CHAOS_USAGE}`);
  }
  const parsed = z.array(ChaosFaultSchema).safeParse(Array.isArray(raw) ? raw : [raw]);
  if (!parsed.success) {
    throw new Error(`${variable} is not valid: ${describeIssues(parsed.error)}. ${CHAOS_USAGE}`);
  }
  return parsed.data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.map(String).join('.') || 'fault'}: ${i.message}`)
    .join('; ');
}

/** `GET /users/:userId/points` -> { method: 'GET', template: '/users/:userId/points' }. */
export function parseRoute(route: string | undefined): { method?: string; template?: string } {
  if (!route || route === '*') return {};
  const match = /^([A-Za-z]+)\s+(\S+)$/.exec(route.trim());
  if (match) {
    const template = match[2] === '*' ? undefined : match[2]!;
    return { method: match[1]!.toUpperCase(), ...(template ? { template } : {}) };
  }
  return { template: route.trim() };
}

/** True when a request (its method, its matched route template and its path) is in the fault's scope. */
export function routeMatches(
  route: string | undefined,
  method: string,
  template: string | undefined,
  path: string,
): boolean {
  const scope = parseRoute(route);
  if (scope.method && scope.method !== method.toUpperCase()) return false;
  if (!scope.template) return true;
  if (scope.template === template) return true;
  // A concrete path (`/users/42/points`) or a template matched against the path itself.
  const pattern = scope.template
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`).test(path);
}

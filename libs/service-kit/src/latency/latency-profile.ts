/**
 * How long an endpoint pretends to work. Real services have a long tail, so the default shape is
 * log-normal, described by its median and its 99th percentile.
 */
export type LatencyProfile =
  | { kind: 'off' }
  | { kind: 'fixed'; ms: number }
  | { kind: 'lognormal'; medianMs: number; p99Ms: number };

const Z_99 = 2.3263;

function standardNormal(random: () => number): number {
  // Box-Muller; 1 - random() keeps log() away from 0.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function sampleLatencyMs(
  profile: LatencyProfile,
  random: () => number = Math.random,
): number {
  switch (profile.kind) {
    case 'off':
      return 0;
    case 'fixed':
      return profile.ms;
    case 'lognormal': {
      const sigma = Math.log(profile.p99Ms / profile.medianMs) / Z_99;
      const sample = profile.medianMs * Math.exp(sigma * standardNormal(random));
      // A tail, not an outage: cap at 3x p99.
      return Math.min(Math.round(sample), profile.p99Ms * 3);
    }
  }
}

const USAGE =
  'use "off", "fixed:<ms>" (or just "<ms>"), or "lognormal:<median ms>:<p99 ms>", e.g. LATENCY=lognormal:20:80';

/** Parses an override such as `off`, `25`, `fixed:25` or `lognormal:20:80`. */
export function parseLatencyProfile(text: string, variable = 'LATENCY'): LatencyProfile {
  const [kind, ...args] = text.trim().split(':');
  const numbers = args.map(Number);
  if (kind === 'off') return { kind: 'off' };
  if (kind !== undefined && /^\d+$/.test(kind) && args.length === 0)
    return { kind: 'fixed', ms: Number(kind) };
  if (kind === 'fixed' && numbers.length === 1 && numbers[0]! >= 0)
    return { kind: 'fixed', ms: numbers[0]! };
  if (kind === 'lognormal' && numbers.length === 2) {
    const [medianMs, p99Ms] = numbers as [number, number];
    if (medianMs > 0 && p99Ms >= medianMs) return { kind: 'lognormal', medianMs, p99Ms };
  }
  throw new Error(`${variable}=${JSON.stringify(text)} is not a latency profile: ${USAGE}`);
}

/** `orders.list` -> `LATENCY_ORDERS_LIST` */
export function latencyVariable(endpoint: string): string {
  return `LATENCY_${endpoint.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * Applies environment overrides to a service's documented defaults: `LATENCY_<ENDPOINT>` for one
 * endpoint, `LATENCY` for all of them (e.g. `LATENCY=off` in tests and benchmarks).
 */
export function latencyProfiles<K extends string>(
  defaults: Record<K, LatencyProfile>,
  env = process.env,
): Record<K, LatencyProfile> {
  const result = { ...defaults };
  for (const endpoint of Object.keys(defaults) as K[]) {
    const variable = latencyVariable(endpoint);
    const override = env[variable] ?? env['LATENCY'];
    if (override)
      result[endpoint] = parseLatencyProfile(override, env[variable] ? variable : 'LATENCY');
  }
  return result;
}

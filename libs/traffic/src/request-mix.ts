// What the suite's synthetic traffic looks like: request kinds, their mix, and one request of a kind.
// Shared by the load generator and the harnesses that drive the suite.
import { randomUUID } from 'node:crypto';
import { CATALOGUE, USER_COUNT } from '@suite/fixtures';

export const KINDS = ['parallel', 'sequential', 'bounded', 'checkout'] as const;
export type Kind = (typeof KINDS)[number];
export type Mix = Record<Kind, number>;

export const DEFAULT_MIX = 'parallel=70,sequential=10,bounded=10,checkout=10';
/** Marks the traffic as synthetic for every service that reads baggage (and for whoever reads traces). */
export const SYNTHETIC_BAGGAGE = 'app.synthetic=true';
/** Products from the seed data every service starts with. */
export const SKUS: readonly string[] = CATALOGUE.map((product) => product.sku);

/** `parallel=70,checkout=30` -> weights; kinds left out weigh 0. Throws a message that names the fix. */
export function parseMix(spec: string): Mix {
  const mix: Mix = { parallel: 0, sequential: 0, bounded: 0, checkout: 0 };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, weight] = part.split('=').map((s) => s.trim());
    if (!KINDS.includes(name as Kind)) {
      throw new Error(
        `mix: unknown request kind "${name}"; use ${KINDS.join(', ')}, e.g. ${DEFAULT_MIX}`,
      );
    }
    const value = Number(weight);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`mix: weight of ${name} must be a number >= 0, e.g. ${name}=10`);
    }
    mix[name as Kind] = value;
  }
  if (KINDS.every((k) => mix[k] === 0)) {
    throw new Error(`mix: at least one kind needs a weight above 0, e.g. ${DEFAULT_MIX}`);
  }
  return mix;
}

export function pickKind(mix: Mix): Kind {
  const total = KINDS.reduce((sum, k) => sum + mix[k], 0);
  let roll = Math.random() * total;
  for (const kind of KINDS) {
    roll -= mix[kind];
    if (roll < 0 && mix[kind] > 0) return kind;
  }
  return KINDS.findLast((k) => mix[k] > 0) ?? 'parallel';
}

export const randomInt = (min: number, max: number) =>
  min + Math.floor(Math.random() * (max - min + 1));

/** One request of the given kind, as fetch arguments. */
export function buildRequest(base: string, kind: Kind): { url: string; init: RequestInit } {
  const userId = String(randomInt(1, USER_COUNT));
  const headers: Record<string, string> = {
    baggage: SYNTHETIC_BAGGAGE,
    'user-agent': 'suite-loadgen',
  };
  if (kind === 'checkout') {
    const lines = randomInt(1, 3);
    const items = Array.from({ length: lines }, () => ({
      sku: SKUS[randomInt(0, SKUS.length - 1)] ?? 'BOO-101',
      quantity: randomInt(1, 3),
    }));
    return {
      url: new URL('/api/checkout', base).href,
      init: {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'idempotency-key': `loadgen-${randomUUID()}`,
        },
        body: JSON.stringify({ userId, items }),
      },
    };
  }
  const query =
    kind === 'parallel'
      ? ''
      : kind === 'sequential'
        ? '?strategy=sequential'
        : `?strategy=bounded&concurrency=${randomInt(1, 3)}`;
  return {
    url: new URL(`/api/users/${userId}/dashboard${query}`, base).href,
    init: { headers },
  };
}

import type { FaultTarget } from '@suite/harness';
import type { Phase, Probe } from './experiment';
import { percentile } from '@suite/traffic';
import type { Sample } from './traffic';

export interface ProbeResult {
  name: string;
  type: Probe['type'];
  phase: Phase;
  ok: boolean;
  /** What was observed, and what broke the tolerance. */
  detail: string;
}

type TrafficProbe = Extract<Probe, { type: 'traffic' }>;

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

export function evaluateTraffic(probe: TrafficProbe, phase: Phase, all: Sample[]): ProbeResult {
  const t = probe.tolerance;
  const samples = all.filter(
    (s) => s.phase === phase && (probe.request === 'all' || s.kind === probe.request),
  );
  const failures: string[] = [];
  const seen: string[] = [
    `${samples.length} ${probe.request === 'all' ? 'request' : probe.request}s`,
  ];
  if (samples.length < t.minRequests)
    failures.push(`only ${samples.length} requests, needs ${t.minRequests}`);

  const errors = samples.filter((s) => s.status === 0 || s.status >= 500).length;
  seen.push(`5xx/no answer ${errors}`);
  if (t.statuses) {
    const outside = samples.filter((s) => !t.statuses!.includes(s.status));
    if (outside.length) {
      const mix = [
        ...new Set(outside.map((s) => s.status || `no answer (${s.error ?? '?'})`)),
      ].join(', ');
      failures.push(`${outside.length} answers outside [${t.statuses.join(', ')}]: ${mix}`);
    }
  }
  if (t.max5xx !== undefined && errors > t.max5xx)
    failures.push(`${errors} 5xx/no answer > ${t.max5xx}`);

  if (t.latencyMs) {
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    for (const [key, p] of [
      ['p50', 50],
      ['p95', 95],
      ['p99', 99],
      ['max', 100],
    ] as const) {
      const limit = t.latencyMs[key];
      if (limit === undefined) continue;
      const value = Math.round(percentile(sorted, p, 0));
      seen.push(`${key} ${value} ms`);
      if (value > limit) failures.push(`${key} ${value} ms > ${limit} ms`);
    }
  }

  if (t.branch) {
    const { name } = t.branch;
    const statuses = samples.flatMap((s) => (s.branches?.[name] ? [s.branches[name]] : []));
    const ok = statuses.filter((s) => s === 'ok').length;
    const fraction = statuses.length ? ok / statuses.length : 0;
    const mix = Object.entries(
      statuses.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {}),
    )
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    seen.push(`${name}: ${mix || 'no dashboards'}`);
    const range = t.branch.okFraction;
    if (range?.min !== undefined && fraction < range.min)
      failures.push(`${name} ok ${pct(fraction)} < ${pct(range.min)}`);
    if (range?.max !== undefined && fraction > range.max)
      failures.push(`${name} ok ${pct(fraction)} > ${pct(range.max)}`);
    for (const status of t.branch.seen ?? []) {
      if (!statuses.includes(status)) failures.push(`${name} never ${status}`);
    }
    if (t.branch.allIn) {
      const other = statuses.filter((s) => !t.branch!.allIn!.includes(s as never));
      if (other.length)
        failures.push(`${name} ${other.length}x outside [${t.branch.allIn.join(', ')}]`);
    }
  }
  return {
    name: probe.name,
    type: probe.type,
    phase,
    ok: failures.length === 0,
    detail: failures.length ? `${failures.join('; ')} (${seen.join(', ')})` : seen.join(', '),
  };
}

async function retrying(
  retryForMs: number,
  attempt: () => Promise<{ ok: boolean; detail: string }>,
): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + retryForMs;
  const started = Date.now();
  for (;;) {
    const result = await attempt();
    if (result.ok || Date.now() >= deadline) {
      const waited = Date.now() - started;
      return waited > 1000 && result.ok
        ? { ...result, detail: `${result.detail} (after ${Math.round(waited / 100) / 10} s)` }
        : result;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Loyalty balances of the users who check out, read before the run (for the accruals probe). */
export type Balances = Map<string, number>;

export async function readBalances(target: FaultTarget, users: string[]): Promise<Balances> {
  const balances: Balances = new Map();
  await Promise.all(
    users.map(async (userId) => {
      const answer = await target.http('loyalty-service', { path: `/users/${userId}/points` });
      const points = (answer.body as { points?: unknown } | undefined)?.points;
      if (answer.status !== 200 || typeof points !== 'number') {
        throw new Error(
          `cannot read the loyalty balance of user ${userId}: ${answer.status} ${answer.error ?? ''}`,
        );
      }
      balances.set(userId, points);
    }),
  );
  return balances;
}

type PointProbe<T extends Probe['type']> = Extract<Probe, { type: T }>;
type Verdict = { ok: boolean; detail: string };

async function httpProbe(probe: PointProbe<'http'>, target: FaultTarget): Promise<Verdict> {
  const expected = Array.isArray(probe.tolerance.status)
    ? probe.tolerance.status
    : [probe.tolerance.status];
  return retrying(probe.retryForMs, async () => {
    const answer = await target.http(probe.service as never, {
      method: probe.method,
      path: probe.path,
    });
    const ms = Math.round(answer.ms);
    const slow = probe.tolerance.maxMs !== undefined && ms > probe.tolerance.maxMs;
    const ok = expected.includes(answer.status) && !slow;
    const status = answer.status || `no answer (${answer.error ?? '?'})`;
    return {
      ok,
      detail: `${probe.method} ${probe.path} on ${probe.service}: ${status} in ${ms} ms${ok ? '' : ` (expected ${expected.join('|')}${probe.tolerance.maxMs !== undefined ? ` within ${probe.tolerance.maxMs} ms` : ''})`}`,
    };
  });
}

async function outboxProbe(probe: PointProbe<'outbox'>, target: FaultTarget): Promise<Verdict> {
  return retrying(probe.retryForMs, async () => {
    const answer = await target.http('bff', { path: '/api/outbox' });
    const body = answer.body as { pending?: unknown; dead?: unknown } | undefined;
    if (answer.status !== 200 || typeof body?.pending !== 'number') {
      return {
        ok: false,
        detail: `GET /api/outbox answered ${answer.status || answer.error}: the BFF has no outbox listing`,
      };
    }
    const dead = typeof body.dead === 'number' ? body.dead : 0;
    const ok = body.pending <= probe.tolerance.maxPending && dead <= probe.tolerance.maxDead;
    return { ok, detail: `outbox: ${body.pending} pending, ${dead} dead` };
  });
}

/** Points every user should have gained: what the 201 checkouts of the run bought. */
function expectedPoints(created: Sample[], pointsPerItem: number): Map<string, number> {
  const expected = new Map<string, number>();
  for (const s of created)
    expected.set(s.userId, (expected.get(s.userId) ?? 0) + (s.units ?? 0) * pointsPerItem);
  return expected;
}

async function accrualsProbe(
  probe: PointProbe<'accruals'>,
  target: FaultTarget,
  context: { samples: Sample[]; baseline?: Balances },
): Promise<Verdict> {
  const baseline = context.baseline;
  if (!baseline) return { ok: false, detail: 'no baseline balances were read' };
  const checkouts = context.samples.filter((s) => s.kind === 'checkout');
  const created = checkouts.filter((s) => s.status === 201);
  const expected = expectedPoints(created, probe.pointsPerItem);
  const pending = created.filter((s) => s.loyalty === 'pending').length;
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  const result = await retrying(probe.retryForMs, async () => {
    let now: Balances;
    try {
      now = await readBalances(target, [...baseline.keys()]);
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
    const wrong: string[] = [];
    for (const [userId, before] of baseline) {
      const delta = (now.get(userId) ?? 0) - before;
      const want = expected.get(userId) ?? 0;
      if (delta !== want) wrong.push(`user ${userId} +${delta} of +${want}`);
    }
    return wrong.length
      ? {
          ok: false,
          detail: `balances off: ${wrong.join(', ')} (${wrong.length > 0 ? 'lost or duplicated accruals' : ''})`,
        }
      : {
          ok: true,
          detail: `${created.length} checkouts (${pending} answered loyalty pending): all ${total} points delivered exactly once`,
        };
  });
  const unanswered = checkouts.length - created.length;
  return {
    ...result,
    detail: unanswered
      ? `${result.detail}; ${unanswered} checkouts not answered 201 are not counted`
      : result.detail,
  };
}

/** A probe that looks at the system at one moment (http, outbox, accruals). */
export async function evaluatePoint(
  probe: Exclude<Probe, TrafficProbe>,
  phase: Phase,
  target: FaultTarget,
  context: { samples: Sample[]; baseline?: Balances },
): Promise<ProbeResult> {
  const base = { name: probe.name, type: probe.type, phase };
  switch (probe.type) {
    case 'http':
      return { ...base, ...(await httpProbe(probe, target)) };
    case 'outbox':
      return { ...base, ...(await outboxProbe(probe, target)) };
    case 'accruals':
      return { ...base, ...(await accrualsProbe(probe, target, context)) };
  }
}

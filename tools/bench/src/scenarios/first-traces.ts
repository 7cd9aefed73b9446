// Scenario 6: the first traces after start. A fresh traced suite with the services' default simulated
// latency, as `npm start` runs it; dashboards one at a time; in every hop, how far apart the caller's
// CLIENT span and the callee's SERVER span start and end, in the first traces and in steady state.
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES } from '@suite/harness';
import { endUs, services, type TraceSpan } from '@suite/trace-model';
import { median, round } from '@suite/traffic';
import { DASHBOARD } from '../dashboard';
import { launch, stop } from '../lifecycle';
import type { BenchReport, HopGaps } from '../report';
import type { Context } from '../settings';

/** Dashboards right after ready, then after the pause: what the two rows of the table hold. */
export const FIRST_TRACES = 5;
export const STEADY_TRACES = 20;
export const PAUSE_MS = 2000;
/** Spans leave each process every 500 ms (OTEL_BSP_SCHEDULE_DELAY); Jaeger stores them soon after. */
const INGEST_TIMEOUT_MS = 30_000;
/** A trace counts as whole once it holds all five services and has not grown for this long. */
const QUIET_MS = 1000;

export interface Hop {
  /** `<caller> -> <callee>`, e.g. `bff -> user-service`. */
  name: string;
  /** SERVER start minus CLIENT start (ms). */
  startGapMs: number;
  /** CLIENT end minus SERVER end (ms). */
  endGapMs: number;
}

/** Every CLIENT span whose child is a SERVER span in another service, with that child. */
function calls(spans: TraceSpan[]): { client: TraceSpan; server: TraceSpan }[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans.flatMap((server) => {
    const client = server.parentSpanId ? byId.get(server.parentSpanId) : undefined;
    if (server.kind !== 'server' || client?.kind !== 'client') return [];
    return client.service === server.service ? [] : [{ client, server }];
  });
}

/** Every call from one service to another, with the gaps between its CLIENT and SERVER spans. */
export function hops(spans: TraceSpan[]): Hop[] {
  return calls(spans).map(({ client, server }) => ({
    name: `${client.service} -> ${server.service}`,
    startGapMs: (server.startUs - client.startUs) / 1000,
    endGapMs: (endUs(client) - endUs(server)) / 1000,
  }));
}

export interface OwnTime {
  service: string;
  /** From its SERVER span's start to the start of its first CLIENT span (ms). */
  beforeCallsMs: number;
  /** From the end of its last CLIENT span to the end of its SERVER span (ms). */
  afterCallsMs: number;
}

/**
 * What a service that calls others spends on its own around those calls: before the first one starts
 * and after the last one ends. For the BFF this is its share of the fan-out's overhead.
 */
export function ownTimes(spans: TraceSpan[]): OwnTime[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  // The SERVER span a CLIENT span was made under (through Nest's spans in between).
  const serverOf = (span: TraceSpan): TraceSpan | undefined => {
    let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    while (at && at.kind !== 'server') at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined;
    return at;
  };
  // Calls to other services only, not the SQL statements' CLIENT spans.
  const outgoing = calls(spans).map(({ client }) => client);
  return spans.flatMap((server) => {
    if (server.kind !== 'server') return [];
    const mine = outgoing.filter((c) => serverOf(c) === server);
    if (mine.length === 0) return [];
    return [
      {
        service: server.service,
        beforeCallsMs: (Math.min(...mine.map((c) => c.startUs)) - server.startUs) / 1000,
        afterCallsMs: (endUs(server) - Math.max(...mine.map(endUs))) / 1000,
      },
    ];
  });
}

// Gaps are reported to 0.01 ms: summarize()'s 0.1 ms would hide the differences between hops.
const p50 = (values: number[]) => median(values, 2);
const max = (values: number[]) => round(values.length ? Math.max(...values) : Number.NaN, 2);

/** The gaps over the hops of some traces (one list of spans per trace, in the order sent). */
export function hopGaps(traces: TraceSpan[][]): HopGaps {
  const perTrace = traces.map(hops);
  const all = perTrace.flat();
  const starts = all.map((h) => h.startGapMs);
  const ends = all.map((h) => h.endGapMs);
  const names = [...new Set(all.map((h) => h.name))].sort();
  const own = traces.flatMap(ownTimes);
  return {
    traces: traces.length,
    hops: all.length,
    startGapMs: { p50: p50(starts), max: max(starts) },
    endGapMs: { p50: p50(ends), max: max(ends) },
    startGapMaxByTraceMs: perTrace.map((list) => max(list.map((h) => h.startGapMs))),
    ownTimeByService: Object.fromEntries(
      [...new Set(own.map((o) => o.service))].sort().map((service) => {
        const these = own.filter((o) => o.service === service);
        return [
          service,
          {
            beforeCallsP50Ms: p50(these.map((o) => o.beforeCallsMs)),
            afterCallsP50Ms: p50(these.map((o) => o.afterCallsMs)),
          },
        ];
      }),
    ),
    byHop: Object.fromEntries(
      names.map((name) => {
        const these = all.filter((h) => h.name === name);
        return [
          name,
          {
            hops: these.length,
            startGapP50Ms: p50(these.map((h) => h.startGapMs)),
            endGapP50Ms: p50(these.map((h) => h.endGapMs)),
          },
        ];
      }),
    ),
  };
}

/** One dashboard, waited for; its trace id from the W3C traceresponse header. */
async function dashboard(url: string, n: number): Promise<string> {
  const response = await fetch(url, {
    headers: { 'x-correlation-id': `bench-first-traces-${n}` },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  const [, traceId, , flags] = (response.headers.get('traceresponse') ?? '').split('-');
  if (response.status !== 200 || !traceId || flags !== '01') {
    throw new Error(
      `dashboard ${n} answered ${response.status} with traceresponse ${response.headers.get('traceresponse')} (want 200 and a sampled trace): ${body.slice(0, 200)}`,
    );
  }
  return traceId;
}

/** Reads every trace back until each holds spans of all five services and has stopped growing. */
async function readBack(
  read: (traceId: string) => Promise<TraceSpan[]>,
  traceIds: string[],
): Promise<TraceSpan[][]> {
  const deadline = Date.now() + INGEST_TIMEOUT_MS;
  const seen = new Map<string, { spans: TraceSpan[]; changedAt: number }>();
  const whole = (id: string) => {
    const s = seen.get(id);
    return (
      !!s &&
      services(s.spans).length >= SERVICE_NAMES.length &&
      Date.now() - s.changedAt >= QUIET_MS
    );
  };
  for (;;) {
    for (const id of traceIds.filter((t) => !whole(t))) {
      const spans = await read(id);
      if (spans.length !== seen.get(id)?.spans.length)
        seen.set(id, { spans, changedAt: Date.now() });
    }
    if (traceIds.every(whole)) return traceIds.map((id) => seen.get(id)?.spans ?? []);
    if (Date.now() > deadline) {
      const lacking = traceIds.filter((id) => !whole(id));
      const example = seen.get(lacking[0] ?? '')?.spans ?? [];
      throw new Error(
        `${lacking.length} of ${traceIds.length} traces were not whole ${INGEST_TIMEOUT_MS / 1000} s after the last dashboard (spans of all of ${SERVICE_NAMES.join(', ')}); trace ${lacking[0]} has ${example.length} spans from [${services(example).join(', ')}]`,
      );
    }
    await sleep(300);
  }
}

function describe(label: string, g: HopGaps): string {
  return `${label}: ${g.traces} traces, ${g.hops} hops, start gap p50 ${g.startGapMs.p50} ms, max ${g.startGapMs.max} ms; end gap p50 ${g.endGapMs.p50} ms, max ${g.endGapMs.max} ms; max start gap per trace ${g.startGapMaxByTraceMs.join(' / ')} ms`;
}

export async function firstTraces(ctx: Context): Promise<NonNullable<BenchReport['firstTraces']>> {
  const read = ctx.readTrace;
  if (!read) throw new Error('scenario 6 needs to read traces back from the collector');
  ctx.log('scenario 6, first traces after start: a fresh suite, default latency, tracing on');
  const { group, suite } = await launch(ctx, 'default latency, tracing on', { ...ctx.tracingEnv });
  const url = `${suite.urls.bff}${DASHBOARD}`;
  const first: string[] = [];
  const steady: string[] = [];
  try {
    // One at a time, never overlapping: each dashboard meets the suite as the previous one left it.
    for (let i = 0; i < FIRST_TRACES; i++) first.push(await dashboard(url, first.length + 1));
    await sleep(PAUSE_MS);
    for (let i = 0; i < STEADY_TRACES; i++)
      steady.push(await dashboard(url, FIRST_TRACES + steady.length + 1));
    ctx.log(`  ${first.length + steady.length} dashboards sent; reading their traces back`);
    const traces = await readBack(read, [...first, ...steady]);
    const result = {
      pauseMs: PAUSE_MS,
      first: hopGaps(traces.slice(0, FIRST_TRACES)),
      steady: hopGaps(traces.slice(FIRST_TRACES)),
    };
    ctx.log(`  ${describe(`first ${FIRST_TRACES}`, result.first)}`);
    ctx.log(`  ${describe(`steady ${STEADY_TRACES}`, result.steady)}`);
    return result;
  } finally {
    await stop(ctx, group, 'the suite (first traces)');
  }
}

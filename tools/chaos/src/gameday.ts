// Game day: faults from the catalogue at random moments under steady load, each one an event on the
// game day's span and a log line, everything cleared at the end (also on Ctrl-C).
import type { Span, Tracer } from '@opentelemetry/api';
import { SERVICE_NAMES, type FaultTarget, type ServiceName } from '@suite/harness';
import { pause } from './actions';
import { degradedSamples } from './run';
import { traceLinks } from './tracing';
import { Traffic } from './traffic';

export interface GameDayOptions {
  target: FaultTarget;
  /** How long the game day lasts; it always ends, cleared, by then. */
  seconds: number;
  signal: AbortSignal;
  log: (line: string) => void;
  runId: string;
  tracer?: Tracer;
  /** Quiet time between faults and how long each fault stays, in ms: [min, max]. */
  quietMs?: [number, number];
  holdMs?: [number, number];
}

interface CatalogueFault {
  id: string;
  label: string;
  description: string;
  traces?: string;
}

export interface GameDayResult {
  runId: string;
  seconds: number;
  injected: { id: string; atS: number; forS: number }[];
  requests: number;
  /** Answers that no injected fault explains: every catalogue fault is on a non-critical branch. */
  unexpected5xx: number;
  /** Faults still active on each service after the game day (all zero when it cleaned up). */
  leftover: Record<string, number>;
  ok: boolean;
  traceId?: string;
}

const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

/** The faults the BFF's chaos API offers: the single faults of the shipped experiments. */
async function catalogue(target: FaultTarget): Promise<CatalogueFault[]> {
  const answer = await target.http('bff', { path: '/api/config' });
  const chaos = (answer.body as { chaos?: { enabled: boolean; actions: CatalogueFault[] } })?.chaos;
  if (answer.status !== 200 || !chaos?.enabled || !chaos.actions.length) {
    throw new Error(
      `the BFF's chaos API is off (GET /api/config: ${answer.status}): start the suite with CHAOS_ADMIN_TOKEN set (npm start does) and DEMO_CHAOS unset`,
    );
  }
  return chaos.actions;
}

async function bffChaos(target: FaultTarget, action: string): Promise<void> {
  const answer = await target.http('bff', { method: 'POST', path: `/api/chaos/${action}` });
  if (answer.status !== 200 && answer.status !== 201) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? answer.error;
    throw new Error(`POST /api/chaos/${action} answered ${answer.status}: ${message}`);
  }
}

/** Clears every service's faults directly (not through the BFF) and counts what is left. */
export async function clearAll(target: FaultTarget): Promise<Record<string, number>> {
  const auth = { authorization: `Bearer ${target.chaosToken ?? ''}` };
  const services = SERVICE_NAMES.filter((s) => s !== 'bff') as ServiceName[];
  const left: Record<string, number> = {};
  for (const service of services) {
    await target.http(service, { method: 'DELETE', path: '/admin/chaos/faults', headers: auth });
    const answer = await target.http(service, { path: '/admin/chaos/faults', headers: auth });
    const faults = (answer.body as { faults?: unknown[] } | undefined)?.faults;
    left[service] = answer.status === 200 && Array.isArray(faults) ? faults.length : -1;
  }
  return left;
}

function event(
  span: Span | undefined,
  log: (l: string) => void,
  name: string,
  f: CatalogueFault,
  t: number,
) {
  log(`  [${(t / 1000).toFixed(1).padStart(5)} s] ${name}: ${f.id} — ${f.description}`);
  span?.addEvent(name, {
    'chaos.fault': f.id,
    'chaos.fault.description': f.description,
    ...(f.traces ? { 'chaos.fault.traces': f.traces } : {}),
  });
}

export async function runGameDay(o: GameDayOptions): Promise<GameDayResult> {
  const faults = await catalogue(o.target);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const deadline = o.seconds * 1000;
  const span = o.tracer?.startSpan('chaos gameday', {
    root: true,
    attributes: {
      'chaos.experiment': o.runId,
      'chaos.runner': 'game day',
      'chaos.seconds': o.seconds,
    },
  });
  const traffic = new Traffic({
    bffUrl: o.target.bffUrl,
    concurrency: 3,
    thinkMs: 100,
    checkoutShare: 0,
    dashboardUsers: [1, 100],
    checkoutUsers: [201, 210],
    timeoutMs: 10_000,
    runId: o.runId,
    phase: () => 'during',
    now,
  });
  const injected: GameDayResult['injected'] = [];
  o.log(`game day ${o.runId}: ${o.seconds} s, faults from ${faults.map((f) => f.id).join(', ')}`);
  traffic.start();
  let leftover: Record<string, number> = {};
  try {
    for (let round = 0; round < 1000 && now() < deadline; round++) {
      await pause(Math.min(between(o.quietMs ?? [3000, 8000]), deadline - now()), o.signal);
      if (now() >= deadline - 2000) break;
      const fault = faults[Math.floor(Math.random() * faults.length)]!;
      const at = now();
      await bffChaos(o.target, fault.id);
      event(span, o.log, 'fault injected', fault, at);
      try {
        await pause(Math.min(between(o.holdMs ?? [6000, 12000]), deadline - now()), o.signal);
      } finally {
        await bffChaos(o.target, 'clear').catch(() => undefined);
        injected.push({
          id: fault.id,
          atS: Math.round(at / 100) / 10,
          forS: Math.round((now() - at) / 100) / 10,
        });
        event(span, o.log, 'fault cleared', fault, now());
      }
    }
  } catch (error) {
    if (!o.signal.aborted) throw error;
    o.log('  interrupted: clearing every fault');
  } finally {
    await traffic.stop();
    leftover = await clearAll(o.target);
    span?.addEvent('all faults cleared', { 'chaos.leftover': JSON.stringify(leftover) });
  }
  const samples = traffic.samples;
  const unexpected5xx = samples.filter((x) => x.status === 0 || x.status >= 500).length;
  const ok = unexpected5xx === 0 && Object.values(leftover).every((n) => n === 0);
  if (span) {
    span.addLinks(traceLinks(degradedSamples(samples)));
    span.setAttributes({
      'chaos.status': ok ? 'passed' : 'failed',
      'chaos.unexpected_5xx': unexpected5xx,
    });
    span.setStatus(ok ? { code: 1 } : { code: 2, message: `${unexpected5xx} unexpected 5xx` });
    span.end();
  }
  return {
    runId: o.runId,
    seconds: Math.round(now() / 100) / 10,
    injected,
    requests: samples.length,
    unexpected5xx,
    leftover,
    ok,
    ...(span ? { traceId: span.spanContext().traceId } : {}),
  };
}

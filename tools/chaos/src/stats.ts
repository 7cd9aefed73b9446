import { percentile, round } from '@suite/traffic';
import type { RunPhase, Sample } from './traffic';

export interface PhaseStats {
  requests: number;
  statuses: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** branch -> status -> dashboards */
  branches: Record<string, Record<string, number>>;
  degraded: number;
}

export function phaseStats(samples: Sample[]): PhaseStats {
  const latencies = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  const branches: Record<string, Record<string, number>> = {};
  for (const s of samples) {
    const key = s.status === 0 ? `no answer (${s.error ?? '?'})` : String(s.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    for (const [branch, status] of Object.entries(s.branches ?? {})) {
      const counts = (branches[branch] ??= {});
      counts[status] = (counts[status] ?? 0) + 1;
    }
  }
  const ms = (n: number) => round(n, 0);
  return {
    requests: samples.length,
    statuses,
    latencyMs: {
      p50: ms(percentile(latencies, 50, 0)),
      p95: ms(percentile(latencies, 95, 0)),
      p99: ms(percentile(latencies, 99, 0)),
      max: ms(latencies.at(-1) ?? 0),
    },
    branches,
    degraded: samples.filter((s) => (s.degraded?.length ?? 0) > 0).length,
  };
}

export interface BreakerTransition {
  branch: string;
  to: 'open' | 'closed';
  /** seconds since the run started */
  atS: number;
  phase: RunPhase;
}

/**
 * Breaker transitions as the dashboards saw them: `circuit-open` appearing on a branch means its
 * breaker opened; the first `ok` after that means it closed again.
 */
export function breakerTransitions(samples: Sample[]): BreakerTransition[] {
  const ordered = samples.filter((s) => s.branches).sort((a, b) => a.at + a.ms - (b.at + b.ms));
  const open = new Map<string, boolean>();
  const transitions: BreakerTransition[] = [];
  for (const s of ordered) {
    for (const [branch, status] of Object.entries(s.branches!)) {
      const atS = Math.round((s.at + s.ms) / 100) / 10;
      if (status === 'circuit-open' && !open.get(branch)) {
        open.set(branch, true);
        transitions.push({ branch, to: 'open', atS, phase: s.phase });
      } else if (status === 'ok' && open.get(branch)) {
        open.set(branch, false);
        transitions.push({ branch, to: 'closed', atS, phase: s.phase });
      }
    }
  }
  return transitions;
}

export interface TypicalTrace {
  what: string;
  traceId: string;
  phase: RunPhase;
  ms: number;
}

/** A few traces per kind of degradation (a branch's status, or an HTTP error), for the report's links. */
export function typicalDegradedTraces(samples: Sample[], perKind = 2, total = 10): TypicalTrace[] {
  const byKind = new Map<string, TypicalTrace[]>();
  for (const s of samples) {
    if (!s.traceId) continue;
    const kinds: string[] = [];
    if (s.status >= 500) kinds.push(`${s.kind} answered ${s.status}`);
    for (const branch of s.degraded ?? [])
      kinds.push(`${branch} ${s.branches?.[branch] ?? 'degraded'}`);
    if (s.loyalty === 'pending') kinds.push('checkout with loyalty pending');
    for (const what of kinds) {
      const list = byKind.get(what) ?? [];
      if (list.length < perKind)
        list.push({ what, traceId: s.traceId, phase: s.phase, ms: Math.round(s.ms) });
      byKind.set(what, list);
    }
  }
  return [...byKind.values()].flat().slice(0, total);
}

import { randomUUID } from 'node:crypto';
import { routeMatches, type ChaosFault } from './chaos-fault';

export interface ActiveFault {
  id: string;
  fault: ChaosFault;
  createdAt: string;
  /** performance.now() at which it ends by itself; undefined: until cleared. */
  expiresAt?: number;
  /** Requests it was injected into. */
  hits: number;
}

/** The faults a service is injecting right now: set from CHAOS_FAULTS at start and by the admin API. */
export class ChaosRegistry {
  private readonly faults = new Map<string, ActiveFault>();

  constructor(
    initial: ChaosFault[] = [],
    private readonly random: () => number = Math.random,
  ) {
    for (const fault of initial) this.add(fault);
  }

  add(fault: ChaosFault): ActiveFault {
    const id = fault.id ?? `f-${randomUUID().slice(0, 8)}`;
    const active: ActiveFault = {
      id,
      fault: { ...fault, id },
      createdAt: new Date().toISOString(),
      hits: 0,
      ...(fault.durationMs ? { expiresAt: performance.now() + fault.durationMs } : {}),
    };
    // Same id again replaces: an experiment can re-apply its fault without stacking it.
    this.faults.set(id, active);
    return active;
  }

  remove(id: string): boolean {
    return this.faults.delete(id);
  }

  clear(): number {
    const count = this.faults.size;
    this.faults.clear();
    return count;
  }

  list(): (ActiveFault & { remainingMs?: number })[] {
    this.expire();
    return [...this.faults.values()].map((f) => ({
      ...f,
      ...(f.expiresAt !== undefined
        ? { remainingMs: Math.max(0, Math.round(f.expiresAt - performance.now())) }
        : {}),
    }));
  }

  /** The faults that hit this request (each rolls its own rate), counted as hits. */
  select(method: string, template: string | undefined, path: string): ActiveFault[] {
    if (this.faults.size === 0) return [];
    this.expire();
    const hit: ActiveFault[] = [];
    for (const active of this.faults.values()) {
      if (!routeMatches(active.fault.route, method, template, path)) continue;
      if (active.fault.rate < 1 && this.random() >= active.fault.rate) continue;
      active.hits++;
      hit.push(active);
    }
    return hit;
  }

  private expire(): void {
    const now = performance.now();
    for (const [id, f] of this.faults)
      if (f.expiresAt !== undefined && f.expiresAt <= now) this.faults.delete(id);
  }
}

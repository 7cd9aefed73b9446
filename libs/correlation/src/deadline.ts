import { DEADLINE_HEADER } from '@suite/contracts';

export { DEADLINE_HEADER };

const MAX_BUDGET_MS = 24 * 60 * 60 * 1000;

/**
 * The point in time after which nobody needs the answer of the current request, and an AbortSignal
 * that fires then (or earlier, when the parent signal fires: e.g. the client hung up).
 */
export class Deadline {
  private lazySignal: AbortSignal | undefined;

  private constructor(
    /** performance.now() at expiry; Infinity for "no deadline, but cancellable". */
    readonly expiresAt: number,
    /** What else cancels it: the client hanging up, or the wider deadline it was cut from. */
    private readonly parent?: AbortSignal | Deadline,
  ) {}

  /**
   * Built on first use: most requests never wait on it, and a timer plus AbortSignal.any per request
   * is measurable CPU on every hop.
   */
  get signal(): AbortSignal {
    if (!this.lazySignal) {
      const signals: AbortSignal[] = [];
      if (Number.isFinite(this.expiresAt)) {
        const left = Math.max(0, Math.ceil(this.expiresAt - performance.now()));
        signals.push(AbortSignal.timeout(left));
      }
      if (this.parent) {
        signals.push(this.parent instanceof Deadline ? this.parent.signal : this.parent);
      }
      this.lazySignal = signals.length ? AbortSignal.any(signals) : new AbortController().signal;
    }
    return this.lazySignal;
  }

  /** A budget of `ms` from now. */
  static after(ms: number, parent?: AbortSignal): Deadline {
    return new Deadline(performance.now() + ms, parent);
  }

  /** No time limit, only cancellation (a request that came without a deadline). */
  static none(parent?: AbortSignal): Deadline {
    return new Deadline(Infinity, parent);
  }

  /** The earlier of this deadline and `ms` from now; cancelled with this one. */
  within(ms: number): Deadline {
    return new Deadline(Math.min(this.expiresAt, performance.now() + ms), this);
  }

  get bounded(): boolean {
    return Number.isFinite(this.expiresAt);
  }

  /** Whole milliseconds left (Infinity when unbounded, never negative). */
  remainingMs(): number {
    return Math.max(0, Math.floor(this.expiresAt - performance.now()));
  }
}

/** Parses `x-deadline-ms`; undefined when absent or not a whole number of milliseconds. */
export function parseDeadlineHeader(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || !/^\d{1,12}$/.test(raw.trim())) return undefined;
  return Math.min(Number(raw), MAX_BUDGET_MS);
}

import { DEADLINE_HEADER } from '@suite/contracts';

export { DEADLINE_HEADER };

const MAX_BUDGET_MS = 24 * 60 * 60 * 1000;

/**
 * The point in time after which nobody needs the answer of the current request, and an AbortSignal
 * that fires then (or earlier, when the parent signal fires: e.g. the client hung up).
 *
 * The signal is built on first use, from one AbortController, one timer and one listener on the
 * parent: not AbortSignal.timeout, whose timer cannot be cleared and so fires (building a
 * DOMException) after every request that finished in time, nor AbortSignal.any. release() clears
 * the timer and the listener once the work is over.
 */
export class Deadline {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private detach: (() => void) | undefined;
  private released = false;

  private constructor(
    /** performance.now() at expiry; Infinity for "no deadline, but cancellable". */
    readonly expiresAt: number,
    /** What else cancels it: the client hanging up, or the wider deadline it was cut from. */
    private readonly parent?: AbortSignal | Deadline,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.released) return controller.signal;
      const parent = this.parent instanceof Deadline ? this.parent.signal : this.parent;
      if (parent?.aborted) {
        controller.abort(parent.reason);
        return controller.signal;
      }
      if (parent) {
        const forward = () => this.abort(parent.reason);
        parent.addEventListener('abort', forward, { once: true });
        this.detach = () => parent.removeEventListener('abort', forward);
      }
      if (Number.isFinite(this.expiresAt)) {
        const left = Math.max(0, Math.ceil(this.expiresAt - performance.now()));
        this.timer = setTimeout(
          () => this.abort(new DOMException('The deadline passed', 'TimeoutError')),
          left,
        );
        this.timer.unref();
      }
    }
    return this.controller.signal;
  }

  /**
   * The work this deadline bounded is over: stop its timer and stop listening to its parent. The
   * signal stays as it is (aborted or not) and never fires later.
   */
  release(): void {
    this.released = true;
    clearTimeout(this.timer);
    this.detach?.();
    this.timer = undefined;
    this.detach = undefined;
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

  private abort(reason: unknown): void {
    this.release();
    this.controller?.abort(reason);
  }
}

/** Parses `x-deadline-ms`; undefined when absent or not a whole number of milliseconds. */
export function parseDeadlineHeader(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || !/^\d{1,12}$/.test(raw.trim())) return undefined;
  return Math.min(Number(raw), MAX_BUDGET_MS);
}

import type { Span } from '@opentelemetry/api';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Scenario 3 (SCENARIO_CONNECTION_LIMIT): a cap on the calls in flight across every client of the
 * process, like a browser's six connections per host or an undersized pool. A call waits for a slot
 * inside its CLIENT span, so the wait shows in the trace.
 */
export class ConnectionPool {
  private readonly limit: LimitFunction;

  constructor(readonly concurrency: number) {
    this.limit = pLimit(concurrency);
  }

  /** Waits for a slot (recorded on the span), then runs the exchange in it. */
  run<R>(span: Span, signal: AbortSignal, exchange: () => Promise<R>): Promise<R> {
    const pool = this.limit;
    const waiting = pool.activeCount >= pool.concurrency;
    if (waiting) {
      span.addEvent('connection.queued', {
        'app.connection.limit': pool.concurrency,
        'app.connection.ahead': pool.activeCount + pool.pendingCount,
      });
    }
    const queuedAt = performance.now();
    return pool(() => {
      const waitMs = Math.round((performance.now() - queuedAt) * 10) / 10;
      span.setAttributes({
        'app.connection.limit': pool.concurrency,
        'app.connection.wait_ms': waitMs,
      });
      if (waiting) span.addEvent('connection.acquired', { 'app.connection.wait_ms': waitMs });
      // Gave up while queued (timeout or cancelled): free the slot without sending.
      signal.throwIfAborted();
      return exchange();
    });
  }
}

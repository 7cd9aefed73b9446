import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  trace,
  type Link,
} from '@opentelemetry/api';
import { DownstreamError, LoyaltyLedger } from '@suite/clients';
import { contextWithRequest } from '@suite/correlation';
import { config } from '../config';
import { AccrualOutbox, type DueAccrual } from './accrual-outbox';

const tracer = trace.getTracer('@suite/bff/accrual-outbox');

/** base * 2^(attempt-1), capped, with 50-100 % jitter so a crowd of rows does not retry in step. */
export function redeliveryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/** A 4xx other than 408/429 will not change by sending it again: the entry goes to dead-letter. */
export function isPermanent(error: unknown): boolean {
  return (
    error instanceof DownstreamError &&
    error.failure === 'http' &&
    (error.status ?? 0) >= 400 &&
    (error.status ?? 0) < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/**
 * Delivers the accrual outbox in the background: due rows oldest first, one at a time, through the same
 * loyalty client (and so the same circuit breaker) as the checkout. Each delivery is a new root
 * trace whose span links to the checkout that produced the row and carries its correlation id.
 * Delivery is at-least-once; loyalty-service de-duplicates by checkout id, so it applies once.
 */
@Injectable()
export class AccrualDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccrualDeliveryWorker.name);
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(AccrualOutbox) private readonly store: AccrualOutbox,
    @Inject(LoyaltyLedger) private readonly loyalty: LoyaltyLedger,
  ) {}

  onApplicationBootstrap(): void {
    const waiting = this.store.list();
    if (waiting.pending > 0) {
      this.logger.log(`${waiting.pending} outbox deliveries waiting from before the restart`);
    }
    this.schedule(0);
  }

  /** Before the database closes (onApplicationShutdown): stop polling, cancel and await the batch. */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort(new Error('the BFF is shutting down'));
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs one pass now (tests; also what the timer does). */
  async drainOnce(): Promise<void> {
    for (const entry of this.store.due(Date.now(), config.outbox.batchSize)) {
      if (this.stopping.signal.aborted) return;
      await this.deliver(entry);
    }
  }

  private schedule(ms: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, 'outbox pass failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule(config.outbox.pollMs);
        });
    }, ms);
  }

  private async deliver(entry: DueAccrual): Promise<void> {
    const attempt = entry.attempts + 1;
    const links: Link[] = entry.origin
      ? [
          {
            context: { ...entry.origin, traceFlags: TraceFlags.SAMPLED, isRemote: true },
            attributes: { 'app.link.reason': 'outbox redelivery of this checkout' },
          },
        ]
      : [];
    // A new trace (the checkout's ended long ago), searchable by the checkout's correlation id.
    const parent = entry.correlationId
      ? contextWithRequest(ROOT_CONTEXT, { correlationId: entry.correlationId })
      : ROOT_CONTEXT;
    const span = tracer.startSpan(
      `outbox deliver ${entry.kind}`,
      {
        root: true,
        kind: SpanKind.INTERNAL,
        links,
        attributes: {
          'app.outbox.id': entry.id,
          'app.outbox.kind': entry.kind,
          'app.outbox.attempt': attempt,
          'app.idempotency_key': entry.request.checkoutId,
          ...(entry.origin ? { 'app.outbox.origin_trace_id': entry.origin.traceId } : {}),
        },
      },
      parent,
    );
    await context.with(trace.setSpan(parent, span), async () => {
      try {
        const accrual = await this.loyalty.accrue(entry.request, {
          signal: this.stopping.signal,
        });
        this.store.delivered(entry.id);
        // It answered: whatever else waits for it need not sit out its backoff.
        this.store.hurry(entry.kind, Date.now());
        span.setAttributes({
          'app.outbox.result': 'delivered',
          'app.loyalty.points': accrual.points,
        });
        this.logger.log(
          `delivered ${entry.kind} of checkout ${entry.request.checkoutId} (attempt ${attempt})`,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
        if (isPermanent(error)) {
          this.store.dead(entry.id, reason);
          span.setAttribute('app.outbox.result', 'dead');
          this.logger.error(`gave up on ${entry.id}: ${reason}; it stays in GET /api/outbox`);
          return;
        }
        const delay = redeliveryDelayMs(
          attempt,
          config.outbox.retryBaseMs,
          config.outbox.retryMaxMs,
        );
        this.store.retryLater(entry.id, Date.now() + delay, reason);
        span.setAttribute('app.outbox.result', 'retry');
        span.addEvent('retry scheduled', {
          'app.retry.attempt': attempt,
          'app.retry.delay_ms': delay,
        });
      } finally {
        span.end();
      }
    });
  }
}

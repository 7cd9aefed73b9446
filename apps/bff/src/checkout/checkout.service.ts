import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DownstreamError, LoyaltyLedger, OrderStore, UserDirectory } from '@suite/clients';
import { requestContext } from '@suite/correlation';
import type { Accrual, CheckoutRequest, Order } from '@suite/contracts';
import { config } from '../config';
import { AccrualOutbox } from '../accrual-outbox/accrual-outbox';
import { fanOut } from '../fan-out/fan-out';
import { Catalogue } from './catalogue';

export interface CheckoutResult {
  order: Order;
  loyalty:
    { status: 'accrued'; points: number; balance: number } | { status: 'pending'; detail: string };
  meta: { correlationId: string; traceId: string; idempotencyKey: string; elapsedMs: number };
}

@Injectable()
export class CheckoutService {
  constructor(
    private readonly users: UserDirectory,
    private readonly orders: OrderStore,
    private readonly loyalty: LoyaltyLedger,
    private readonly catalogue: Catalogue,
    private readonly outbox: AccrualOutbox,
  ) {}

  /**
   * Validates, then writes the order and the loyalty accrual in parallel. Both services de-duplicate
   * by the idempotency key (the checkout id), so a client that repeats a checkout with the same key
   * gets the first order back and no second accrual.
   *
   * - loyalty fails (down, slow, breaker open): the order still stands (201, loyalty `pending`) and
   *   the accrual goes to the outbox (SQLite) before the answer, to be redelivered with the same key.
   * - the order fails: 503, nothing is queued; the client repeats with the same key. If the accrual
   *   did go through, the repeat's accrual is a de-duplicated replay: points are never counted twice.
   * - the BFF dies between the writes and the answer: the client saw no 201 and repeats, same key.
   */
  async checkout(
    request: CheckoutRequest,
    idempotencyKey: string | undefined,
  ): Promise<CheckoutResult> {
    const started = performance.now();
    const correlationId = requestContext().correlationId ?? '';
    const key = idempotencyKey ?? `chk-${randomUUID()}`;
    const span = trace.getActiveSpan();
    span?.setAttribute('app.idempotency_key', key);

    const checks = await fanOut(
      {
        user: () => this.users.getUser(request.userId),
        unknownSkus: () => this.catalogue.unknownSkus(request.items.map((i) => i.sku)),
      },
      { strategy: 'parallel', concurrency: 2 },
    );
    if (!checks.user.ok) {
      if (checks.user.error instanceof DownstreamError && checks.user.error.isNotFound) {
        throw new NotFoundException(`user ${request.userId} does not exist`);
      }
      throw unavailable('user-service', checks.user.error, key);
    }
    if (!checks.unknownSkus.ok) throw unavailable('order-service', checks.unknownSkus.error, key);
    if (checks.unknownSkus.value.length > 0) {
      throw new BadRequestException(
        `unknown sku ${checks.unknownSkus.value.join(', ')}: GET /products on order-service lists the catalogue`,
      );
    }

    const write = { userId: request.userId, checkoutId: key, items: request.items };
    const writes = await fanOut<{ order: Order; accrual: Accrual }>(
      { order: () => this.orders.createOrder(write), accrual: () => this.loyalty.accrue(write) },
      { strategy: 'parallel', concurrency: 2 },
    );
    if (!writes.order.ok) {
      const error = writes.order.error;
      if (error instanceof DownstreamError && error.failure === 'http' && error.status === 422) {
        throw new UnprocessableEntityException(
          `Idempotency-Key ${key} was already used for a different checkout: send a new key for a new checkout`,
        );
      }
      throw unavailable('order-service', error, key);
    }

    let loyalty: CheckoutResult['loyalty'];
    if (writes.accrual.ok) {
      // A repeat that got through: a redelivery still queued from the first try is not needed.
      this.outbox.discard(key);
      loyalty = {
        status: 'accrued',
        points: writes.accrual.value.points,
        balance: writes.accrual.value.balance,
      };
    } else {
      const reason = message(writes.accrual.error);
      const id = this.outbox.enqueue(write, Date.now() + config.outbox.retryBaseMs, reason, {
        correlationId,
        ...(span ? { span: span.spanContext() } : {}),
      });
      span?.addEvent('fallback', {
        'app.branch': 'loyalty',
        'app.fallback': 'accrual kept in the outbox for redelivery',
        'app.outbox.id': id,
        'app.reason': reason,
      });
      span?.setAttribute('app.outbox.id', id);
      loyalty = {
        status: 'pending',
        detail: `loyalty-service did not take the accrual (${reason}); it is kept in the BFF's outbox as ${id} and delivered automatically, exactly once, when loyalty-service is back (GET /api/outbox shows what waits)`,
      };
    }
    span?.setAttribute('app.checkout.loyalty', loyalty.status);
    return {
      order: writes.order.value,
      loyalty,
      meta: {
        correlationId,
        traceId: span?.spanContext().traceId ?? '',
        idempotencyKey: key,
        elapsedMs: Math.round(performance.now() - started),
      },
    };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unavailable(service: string, error: unknown, key: string): ServiceUnavailableException {
  return new ServiceUnavailableException(
    `Checkout needs ${service}, which failed: ${message(error)}. Retry with Idempotency-Key ${key}: nothing is applied twice.`,
  );
}

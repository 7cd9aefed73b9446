import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DownstreamError, LoyaltyLedger, OrderStore, UserDirectory } from '@suite/clients';
import type { Accrual, CheckoutRequest, Order } from '@suite/contracts';
import { fanOut } from '../dashboard/fan-out';
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
  ) {}

  /**
   * Validates, then writes the order and the loyalty accrual in parallel. Both services de-duplicate
   * by the idempotency key, so a client that repeats a checkout with the same key gets the first
   * order back and no second accrual.
   */
  async checkout(
    request: CheckoutRequest,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<CheckoutResult> {
    const started = performance.now();
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
    if (!writes.order.ok) throw unavailable('order-service', writes.order.error, key);

    const loyalty: CheckoutResult['loyalty'] = writes.accrual.ok
      ? {
          status: 'accrued',
          points: writes.accrual.value.points,
          balance: writes.accrual.value.balance,
        }
      : {
          status: 'pending',
          detail: `loyalty-service did not take the accrual (${message(writes.accrual.error)}); repeat the checkout with Idempotency-Key ${key} to deliver it: the order will not be created twice`,
        };
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

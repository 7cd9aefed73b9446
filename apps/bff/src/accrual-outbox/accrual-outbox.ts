import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SpanContext } from '@opentelemetry/api';
import type { AccrualRequest, OutboxEntry, OutboxKind, OutboxListing } from '@suite/contracts';
import { DATABASE, TracedDatabase } from '@suite/service-kit';

interface OutboxRow {
  id: string;
  kind: OutboxKind;
  checkout_id: string;
  user_id: string;
  payload: string;
  status: 'pending' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: string;
  correlation_id: string | null;
  trace_id: string | null;
  span_id: string | null;
}

/** An accrual the delivery worker is to send now. */
export interface DueAccrual {
  id: string;
  kind: OutboxKind;
  request: AccrualRequest;
  attempts: number;
  correlationId?: string;
  /** The checkout span the delivery links to. */
  origin?: { traceId: string; spanId: string };
}

/**
 * The BFF's durable outbox of loyalty accruals: checkouts whose accrual loyalty-service did not take,
 * kept in the BFF's SQLite database (bff.database.ts) until AccrualDeliveryWorker delivers them.
 * Every state change is one SQL statement, so a crash never leaves half a row.
 */
@Injectable()
export class AccrualOutbox {
  constructor(@Inject(DATABASE) private readonly db: TracedDatabase) {}

  /**
   * Keeps an accrual for redelivery; once per checkout id (a repeated checkout keeps the first row).
   * Returns the row's id.
   */
  enqueue(
    request: AccrualRequest,
    firstAttemptAt: number,
    lastError: string,
    origin: { correlationId: string; span?: SpanContext },
  ): string {
    this.db.run(
      `INSERT INTO outbox (id, kind, checkout_id, user_id, payload, next_attempt_at, last_error,
                           created_at, correlation_id, trace_id, span_id)
       VALUES (?, 'loyalty.accrual', ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (checkout_id) DO NOTHING`,
      `obx-${randomUUID()}`,
      request.checkoutId,
      request.userId,
      JSON.stringify(request),
      firstAttemptAt,
      lastError,
      new Date().toISOString(),
      origin.correlationId || null,
      origin.span?.traceId ?? null,
      origin.span?.spanId ?? null,
    );
    const row = this.db.get<{ id: string }>(
      'SELECT id FROM outbox WHERE checkout_id = ?',
      request.checkoutId,
    );
    if (!row) throw new Error(`outbox row for ${request.checkoutId} vanished right after insert`);
    return row.id;
  }

  due(now: number, limit: number): DueAccrual[] {
    return this.db
      .all<OutboxRow>(
        `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
          ORDER BY next_attempt_at, created_at LIMIT ?`,
        now,
        limit,
      )
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        request: JSON.parse(row.payload) as AccrualRequest,
        attempts: row.attempts,
        ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
        ...(row.trace_id && row.span_id
          ? { origin: { traceId: row.trace_id, spanId: row.span_id } }
          : {}),
      }));
  }

  /** Accepted by the receiver: nothing left to do. */
  delivered(id: string): void {
    this.db.run('DELETE FROM outbox WHERE id = ?', id);
  }

  /** The write reached the receiver another way (a repeated checkout): no redelivery needed. */
  discard(checkoutId: string): void {
    this.db.run('DELETE FROM outbox WHERE checkout_id = ?', checkoutId);
  }

  retryLater(id: string, nextAttemptAt: number, error: string): void {
    this.db.run(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
      nextAttemptAt,
      error,
      id,
    );
  }

  /** Refused for good (a 4xx): kept for a human to look at, never sent again. */
  dead(id: string, error: string): void {
    this.db.run(
      "UPDATE outbox SET attempts = attempts + 1, status = 'dead', last_error = ? WHERE id = ?",
      error,
      id,
    );
  }

  /** The receiver is back: everything waiting for it is due now rather than after its backoff. */
  hurry(kind: OutboxKind, now: number): void {
    this.db.run(
      "UPDATE outbox SET next_attempt_at = ? WHERE kind = ? AND status = 'pending' AND next_attempt_at > ?",
      now,
      kind,
      now,
    );
  }

  list(): OutboxListing {
    const entries = this.db
      .all<OutboxRow>('SELECT * FROM outbox ORDER BY created_at, id')
      .map(toEntry);
    return {
      pending: entries.filter((e) => e.status === 'pending').length,
      dead: entries.filter((e) => e.status === 'dead').length,
      entries,
    };
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    kind: row.kind,
    checkoutId: row.checkout_id,
    userId: row.user_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at).toISOString(),
    lastError: row.last_error,
    createdAt: row.created_at,
    traceId: row.trace_id,
  };
}

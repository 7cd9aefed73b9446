/**
 * The BFF's outbox: writes a downstream did not take yet (loyalty accruals during a loyalty outage),
 * kept in the BFF's SQLite database and redelivered with the same idempotency key until accepted.
 */
export const OUTBOX_KINDS = ['loyalty.accrual'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** pending: will be delivered again at nextAttemptAt. dead: refused for good (a 4xx), kept for a human. */
export type OutboxStatus = 'pending' | 'dead';

export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  /** The checkout's Idempotency-Key: the receiver de-duplicates by it. */
  checkoutId: string;
  userId: string;
  status: OutboxStatus;
  /** Delivery attempts so far (the failed call during the checkout itself is not counted). */
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  /** The checkout's trace: the redelivery spans link to it. */
  traceId: string | null;
}

/** `GET /api/outbox` */
export interface OutboxListing {
  pending: number;
  dead: number;
  entries: OutboxEntry[];
}

import type { DatabaseOptions } from '@suite/service-kit';

/**
 * The BFF's own database: only the accrual outbox (AccrualOutbox). A row is a write a downstream has not taken yet, with
 * the trace of the request that produced it (for the span link) and its correlation id.
 */
export const bffDatabase: DatabaseOptions = {
  name: 'bff',
  schema: `
    CREATE TABLE IF NOT EXISTS outbox (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      checkout_id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      created_at TEXT NOT NULL,
      correlation_id TEXT,
      trace_id TEXT,
      span_id TEXT
    );
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);`,
  seed: () => undefined,
};

// What the services wrote, read back from their SQLite files after the run.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Rows per soak checkout in one table: checkout id -> count. */
function rows(dataDir: string, db: string, table: string): Map<string, number> {
  const sqlite = new DatabaseSync(join(dataDir, db), { readOnly: true });
  try {
    return new Map(
      (
        sqlite
          .prepare(
            `SELECT checkout_id AS k, COUNT(*) AS n FROM ${table} WHERE checkout_id LIKE 'soak-%' GROUP BY checkout_id`,
          )
          .all() as { k: string; n: number }[]
      ).map((r) => [r.k, r.n]),
    );
  } finally {
    sqlite.close();
  }
}

/** Exactly one order and one accrual per successful checkout, nothing unasked for. */
export function checkWrites(
  dataDir: string,
  checkouts: ReadonlyMap<string, unknown>,
): { orders: number; accruals: number; violations: string[] } {
  const violations: string[] = [];
  const orders = rows(dataDir, 'orders.sqlite', 'orders');
  const accruals = rows(dataDir, 'loyalty.sqlite', 'accruals');
  for (const key of checkouts.keys()) {
    if (orders.get(key) !== 1) violations.push(`checkout ${key}: ${orders.get(key) ?? 0} orders`);
    if (accruals.get(key) !== 1)
      violations.push(`checkout ${key}: ${accruals.get(key) ?? 0} accruals`);
  }
  for (const key of new Set([...orders.keys(), ...accruals.keys()])) {
    if (!checkouts.has(key)) violations.push(`write for checkout ${key}, which never got a 201`);
  }
  return { orders: orders.size, accruals: accruals.size, violations };
}

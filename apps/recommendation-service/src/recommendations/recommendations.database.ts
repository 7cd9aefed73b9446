import { CATALOGUE, seedOrders } from '@suite/fixtures';
import type { DatabaseOptions } from '@suite/service-kit';

/** The service's own view of the catalogue, with a popularity score learnt from past orders. */
export const recommendationsDatabase: DatabaseOptions = {
  name: 'recommendations',
  schema: `CREATE TABLE IF NOT EXISTS products (
    sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, popularity INTEGER NOT NULL
  )`,
  seed: (db) => {
    const popularity = new Map<string, number>();
    for (const order of seedOrders()) {
      for (const line of order.items)
        popularity.set(line.sku, (popularity.get(line.sku) ?? 0) + line.quantity);
    }
    for (const p of CATALOGUE) {
      db.run(
        'INSERT OR IGNORE INTO products (sku, name, category, popularity) VALUES (?, ?, ?, ?)',
        p.sku,
        p.name,
        p.category,
        popularity.get(p.sku) ?? 0,
      );
    }
  },
};

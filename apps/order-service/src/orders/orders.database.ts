import { CATALOGUE, seedOrders } from '@suite/fixtures';
import type { DatabaseOptions } from '@suite/service-kit';

export const ordersDatabase: DatabaseOptions = {
  name: 'orders',
  schema: `
    CREATE TABLE IF NOT EXISTS products (
      sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price_cents INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS orders (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      checkout_id TEXT UNIQUE,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id, created_at);
    CREATE TABLE IF NOT EXISTS order_lines (
      order_id TEXT NOT NULL REFERENCES orders (id),
      sku TEXT NOT NULL REFERENCES products (sku),
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      unit_price_cents INTEGER NOT NULL,
      PRIMARY KEY (order_id, sku)
    );`,
  seed: (db) => {
    for (const p of CATALOGUE) {
      db.run(
        'INSERT OR IGNORE INTO products (sku, name, category, price_cents) VALUES (?, ?, ?, ?)',
        p.sku,
        p.name,
        p.category,
        p.priceCents,
      );
    }
    const prices = new Map(CATALOGUE.map((p) => [p.sku, p.priceCents]));
    for (const order of seedOrders()) {
      db.run(
        'INSERT OR IGNORE INTO orders (id, user_id, checkout_id, created_at) VALUES (?, ?, NULL, ?)',
        order.id,
        order.userId,
        order.createdAt,
      );
      for (const line of order.items) {
        db.run(
          'INSERT OR IGNORE INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)',
          order.id,
          line.sku,
          line.quantity,
          prices.get(line.sku) ?? 0,
        );
      }
    }
  },
};

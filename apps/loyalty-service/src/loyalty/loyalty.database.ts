import { seedLoyaltyAccounts } from '@suite/fixtures';
import type { DatabaseOptions } from '@suite/service-kit';

export const loyaltyDatabase: DatabaseOptions = {
  name: 'loyalty',
  schema: `
    CREATE TABLE IF NOT EXISTS accounts (
      user_id TEXT PRIMARY KEY, points INTEGER NOT NULL CHECK (points >= 0), tier TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS accruals (
      id TEXT PRIMARY KEY,
      checkout_id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES accounts (user_id),
      points INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );`,
  seed: (db) => {
    for (const a of seedLoyaltyAccounts()) {
      db.run(
        'INSERT OR IGNORE INTO accounts (user_id, points, tier) VALUES (?, ?, ?)',
        a.userId,
        a.points,
        a.tier,
      );
    }
  },
};

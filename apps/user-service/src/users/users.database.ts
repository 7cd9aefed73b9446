import { seedUsers } from '@suite/fixtures';
import type { DatabaseOptions } from '@suite/service-kit';

export const usersDatabase: DatabaseOptions = {
  name: 'users',
  schema: `CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    tier TEXT NOT NULL,
    member_since TEXT NOT NULL
  )`,
  seed: (db) => {
    for (const u of seedUsers()) {
      db.run(
        'INSERT OR IGNORE INTO users (id, name, email, tier, member_since) VALUES (?, ?, ?, ?, ?)',
        u.id,
        u.name,
        u.email,
        u.tier,
        u.memberSince,
      );
    }
  },
};

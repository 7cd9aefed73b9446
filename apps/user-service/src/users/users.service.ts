import { Inject, Injectable } from '@nestjs/common';
import type { Tier, User } from '@suite/contracts';
import { DATABASE, TracedDatabase } from '@suite/service-kit';

interface UserRow {
  id: string;
  name: string;
  email: string;
  tier: Tier;
  member_since: string;
}

@Injectable()
export class UsersService {
  constructor(@Inject(DATABASE) private readonly db: TracedDatabase) {}

  find(id: string): User | undefined {
    const row = this.db.get<UserRow>(
      'SELECT id, name, email, tier, member_since FROM users WHERE id = ?',
      id,
    );
    return (
      row && {
        id: row.id,
        name: row.name,
        email: row.email,
        tier: row.tier,
        memberSince: row.member_since,
      }
    );
  }
}

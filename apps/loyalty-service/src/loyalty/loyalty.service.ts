import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Accrual, AccrualRequest, LoyaltyAccount, Tier } from '@suite/contracts';
import { DATABASE, TracedDatabase } from '@suite/service-kit';
import { config } from '../config';

interface AccountRow {
  user_id: string;
  points: number;
  tier: Tier;
}
interface AccrualRow {
  id: string;
  checkout_id: string;
  user_id: string;
  points: number;
}

function tierFor(points: number): Tier {
  return points >= 4000 ? 'gold' : points >= 2000 ? 'silver' : 'bronze';
}

@Injectable()
export class LoyaltyService {
  constructor(@Inject(DATABASE) private readonly db: TracedDatabase) {}

  account(userId: string): LoyaltyAccount {
    const row = this.db.get<AccountRow>(
      'SELECT user_id, points, tier FROM accounts WHERE user_id = ?',
      userId,
    );
    if (!row)
      throw new NotFoundException(
        `user ${userId} has no loyalty account (seeded users are 1 to 300)`,
      );
    return { userId: row.user_id, points: row.points, tier: row.tier };
  }

  /** Credits the points of a checkout once: a repeat returns the first accrual and changes nothing. */
  accrue(request: AccrualRequest): { accrual: Accrual; replayed: boolean } {
    return this.db.transaction(() => {
      const account = this.account(request.userId);
      const existing = this.db.get<AccrualRow>(
        'SELECT id, checkout_id, user_id, points FROM accruals WHERE checkout_id = ?',
        request.checkoutId,
      );
      const points =
        request.items.reduce((sum, item) => sum + item.quantity, 0) * config.pointsPerItem;
      if (existing) {
        // A key names one request: the same key for another accrual is a client bug, not a replay.
        if (existing.user_id !== request.userId || existing.points !== points) {
          throw new UnprocessableEntityException(
            `checkout id ${request.checkoutId} was already used for another accrual (user ${existing.user_id}, ${existing.points} points): send a new Idempotency-Key for a new checkout`,
          );
        }
        return { accrual: toAccrual(existing, account.points), replayed: true };
      }
      const balance = account.points + points;
      const id = `a-${randomUUID()}`;
      this.db.run(
        'INSERT INTO accruals (id, checkout_id, user_id, points, created_at) VALUES (?, ?, ?, ?, ?)',
        id,
        request.checkoutId,
        request.userId,
        points,
        new Date().toISOString(),
      );
      this.db.run(
        'UPDATE accounts SET points = ?, tier = ? WHERE user_id = ?',
        balance,
        tierFor(balance),
        request.userId,
      );
      return {
        accrual: {
          accrualId: id,
          checkoutId: request.checkoutId,
          userId: request.userId,
          points,
          balance,
        },
        replayed: false,
      };
    });
  }
}

function toAccrual(row: AccrualRow, balance: number): Accrual {
  return {
    accrualId: row.id,
    checkoutId: row.checkout_id,
    userId: row.user_id,
    points: row.points,
    balance,
  };
}

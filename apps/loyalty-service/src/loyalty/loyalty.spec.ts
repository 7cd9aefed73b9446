import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

// Before the app loads: no simulated latency, a fresh in-memory database, no log noise, and a
// points rate other than the default, so the test sees the knob applied.
process.env['LATENCY'] = 'off';
process.env['DATA_DIR'] = ':memory:';
process.env['LOG_LEVEL'] = 'silent';
process.env['POINTS_PER_ITEM'] = '7';
const POINTS_PER_ITEM = 7;

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Accrual, ErrorBody, LoyaltyAccount } from '@suite/contracts';
import { seedLoyaltyAccounts } from '@suite/fixtures';
import { serveOnLoopback, type LoopbackApp } from '@suite/testing';
import { createServiceApp, DATABASE, type TracedDatabase } from '@suite/service-kit';

const seeded = seedLoyaltyAccounts();

describe('loyalty-service (real app, in-memory SQLite)', () => {
  let app: NestExpressApplication;
  let db: TracedDatabase;
  let served: LoopbackApp;

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'loyalty-service' });
    served = await serveOnLoopback(app);
    db = app.get<TracedDatabase>(DATABASE);
  });

  after(async () => {
    await served.stop();
  });

  const send = <T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => served.send<T>(method, path, body, headers);

  async function balance(userId: string): Promise<number> {
    const reply = await send<LoyaltyAccount>('GET', `/users/${userId}/points`);
    assert.equal(reply.status, 200);
    return reply.body.points;
  }
  const accrualRows = (checkoutId: string) =>
    db.get<{ n: number }>('SELECT COUNT(*) AS n FROM accruals WHERE checkout_id = ?', checkoutId)!
      .n;
  const allAccrualRows = () => db.get<{ n: number }>('SELECT COUNT(*) AS n FROM accruals')!.n;

  it('answers the seeded balance of a known user', async () => {
    const seed = seeded.find((a) => a.userId === '17')!;
    const reply = await send<LoyaltyAccount>('GET', '/users/17/points');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, seed);
  });

  it('answers 404 for a user without an account, 400 for a malformed id', async () => {
    const unknown = await send<ErrorBody>('GET', `/users/${seeded.length + 1}/points`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.message, /has no loyalty account/);
    const malformed = await send<ErrorBody>('GET', '/users/-3/points');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.issues?.[0]?.path, 'userId');
  });

  it('accrues a checkout once: the repeat changes neither the balance nor the ledger', async () => {
    const start = await balance('42');
    const request = {
      userId: '42',
      checkoutId: 'spec-accrual-once-1',
      items: [
        { sku: 'BOO-101', quantity: 2 },
        { sku: 'MUS-103', quantity: 3 },
      ],
    };
    const first = await send<Accrual>('POST', '/accruals', request);
    assert.equal(first.status, 201);
    assert.equal(first.body.points, 5 * POINTS_PER_ITEM);
    assert.equal(first.body.balance, start + 5 * POINTS_PER_ITEM);
    assert.equal(await balance('42'), start + 5 * POINTS_PER_ITEM);

    const repeat = await send<Accrual>('POST', '/accruals', request);
    assert.equal(repeat.status, 200);
    assert.equal(repeat.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(repeat.body, first.body);
    assert.equal(await balance('42'), start + 5 * POINTS_PER_ITEM, 'the balance rose once');
    assert.equal(accrualRows('spec-accrual-once-1'), 1);
  });

  it('concurrent repeats of one checkout accrue once', async () => {
    const start = await balance('8');
    const request = {
      userId: '8',
      checkoutId: 'spec-accrual-race-1',
      items: [{ sku: 'GAM-101', quantity: 4 }],
    };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => send<Accrual>('POST', '/accruals', request)),
    );
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 200, 200, 200, 201]);
    assert.equal(new Set(replies.map((r) => r.body.accrualId)).size, 1);
    assert.equal(await balance('8'), start + 4 * POINTS_PER_ITEM);
    assert.equal(accrualRows('spec-accrual-race-1'), 1);
  });

  it('the same checkout id for another accrual is refused with 422 and credits nobody', async () => {
    const key = 'spec-accrual-conflict-1';
    const first = await send<Accrual>('POST', '/accruals', {
      userId: '42',
      checkoutId: key,
      items: [{ sku: 'BOO-101', quantity: 1 }],
    });
    assert.equal(first.status, 201);
    const [before42, before43] = [await balance('42'), await balance('43')];
    const other = await send<Accrual>('POST', '/accruals', {
      userId: '43',
      checkoutId: key,
      items: [{ sku: 'BOO-101', quantity: 9 }],
    });
    assert.equal(other.status, 422);
    assert.match(
      JSON.stringify(other.body),
      /already used for another accrual.*new Idempotency-Key/,
    );
    assert.equal(await balance('42'), before42);
    assert.equal(await balance('43'), before43);
    assert.equal(accrualRows(key), 1);
  });

  it('moves the tier up when the balance crosses a threshold', async () => {
    const bronze = seeded.find((a) => a.points < 1500 && !['8', '42', '43'].includes(a.userId))!;
    const start = await balance(bronze.userId);
    assert.equal(start, bronze.points, 'untouched since the seed');
    const needed = Math.ceil((2000 - start) / POINTS_PER_ITEM);
    const lines = Math.ceil(needed / 100);
    const items = Array.from({ length: lines }, (_, i) => ({
      sku: `BOO-${String(101 + i)}`,
      quantity: Math.min(100, needed - i * 100),
    }));
    const reply = await send<Accrual>('POST', '/accruals', {
      userId: bronze.userId,
      checkoutId: 'spec-accrual-tier-1',
      items,
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.balance, start + needed * POINTS_PER_ITEM);
    const account = await send<LoyaltyAccount>('GET', `/users/${bronze.userId}/points`);
    assert.equal(account.body.tier, 'silver');
  });

  it('refuses an accrual for an unknown user with a 404 and writes nothing', async () => {
    const before = allAccrualRows();
    const reply = await send<ErrorBody>('POST', '/accruals', {
      userId: String(seeded.length + 1),
      checkoutId: 'spec-accrual-nobody-1',
      items: [{ sku: 'BOO-101', quantity: 1 }],
    });
    assert.equal(reply.status, 404);
    assert.equal(allAccrualRows(), before);
  });

  const invalid: { name: string; body: unknown; path: string }[] = [
    {
      name: 'a malformed userId',
      body: { userId: '4x', checkoutId: 'spec-bad-1234', items: [{ sku: 'BOO-101', quantity: 1 }] },
      path: 'userId',
    },
    {
      name: 'a missing checkout id',
      body: { userId: '42', items: [{ sku: 'BOO-101', quantity: 1 }] },
      path: 'checkoutId',
    },
    {
      name: 'no items',
      body: { userId: '42', checkoutId: 'spec-bad-1234', items: [] },
      path: 'items',
    },
    {
      name: 'a negative quantity',
      body: {
        userId: '42',
        checkoutId: 'spec-bad-1234',
        items: [{ sku: 'BOO-101', quantity: -5 }],
      },
      path: 'items.0.quantity',
    },
    {
      name: 'a fractional quantity',
      body: {
        userId: '42',
        checkoutId: 'spec-bad-1234',
        items: [{ sku: 'BOO-101', quantity: 1.5 }],
      },
      path: 'items.0.quantity',
    },
    {
      name: 'a points field a caller should not set',
      body: {
        userId: '42',
        checkoutId: 'spec-bad-1234',
        items: [{ sku: 'BOO-101', quantity: 1 }],
        points: 1000000,
      },
      path: 'body',
    },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with a 400 naming ${c.path}, balance unchanged`, async () => {
      const start = await balance('42');
      const rows = allAccrualRows();
      const reply = await send<ErrorBody>('POST', '/accruals', c.body);
      assert.equal(reply.status, 400);
      assert.ok(
        reply.body.issues?.some((i) => i.path === c.path),
        `no issue for ${c.path} in ${JSON.stringify(reply.body)}`,
      );
      assert.match(reply.body.message, /^Invalid body: /);
      assert.equal(await balance('42'), start);
      assert.equal(allAccrualRows(), rows);
    });
  }

  it('refuses a body that is not JSON with a 400 that says what to send', async () => {
    const reply = await send<ErrorBody>('POST', '/accruals', 'points please');
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /Malformed JSON body/);
  });
});

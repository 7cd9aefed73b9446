import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

// Before the app loads: no simulated latency, a fresh in-memory database, no log noise.
process.env['LATENCY'] = 'off';
process.env['DATA_DIR'] = ':memory:';
process.env['LOG_LEVEL'] = 'silent';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorBody, Order, OrderList } from '@suite/contracts';
import { seedOrders } from '@suite/fixtures';
import { serveOnLoopback, type LoopbackApp } from '@suite/testing';
import { createServiceApp, DATABASE, type TracedDatabase } from '@suite/service-kit';

describe('order-service orders (real app, in-memory SQLite)', () => {
  let app: NestExpressApplication;
  let db: TracedDatabase;
  let served: LoopbackApp;

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'order-service' });
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

  function count(sql: string, ...params: string[]): number {
    return db.get<{ n: number }>(sql, ...params)!.n;
  }
  const ordersWithKey = (key: string) =>
    count('SELECT COUNT(*) AS n FROM orders WHERE checkout_id = ?', key);
  const allOrders = () => count('SELECT COUNT(*) AS n FROM orders');
  const allLines = () => count('SELECT COUNT(*) AS n FROM order_lines');

  it('creates an order once per checkout id: the repeat returns the same order, one row', async () => {
    const request = {
      userId: '42',
      checkoutId: 'spec-order-once-1',
      items: [
        { sku: 'BOO-101', quantity: 2 },
        { sku: 'MUS-103', quantity: 1 },
      ],
    };
    const first = await send<Order>('POST', '/orders', request);
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.match(first.body.id, /^o-/);
    assert.equal(first.body.userId, '42');
    assert.equal(first.body.checkoutId, 'spec-order-once-1');
    assert.deepEqual(
      first.body.items.map((i) => [i.sku, i.quantity]),
      [
        ['BOO-101', 2],
        ['MUS-103', 1],
      ],
    );
    const expectedTotal = first.body.items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0);
    assert.ok(expectedTotal > 0);
    assert.equal(first.body.totalCents, expectedTotal);

    const ordersBefore = allOrders();
    const linesBefore = allLines();
    const repeat = await send<Order>('POST', '/orders', request);
    assert.equal(repeat.status, 200, 'a replay is not a new resource');
    assert.equal(repeat.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(repeat.body, first.body);
    assert.equal(ordersWithKey('spec-order-once-1'), 1);
    assert.equal(allOrders(), ordersBefore, 'the repeat wrote no order');
    assert.equal(allLines(), linesBefore, 'the repeat wrote no order line');
  });

  it('concurrent repeats of one checkout create exactly one order', async () => {
    const request = {
      userId: '7',
      checkoutId: 'spec-order-race-1',
      items: [{ sku: 'GAM-104', quantity: 1 }],
    };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => send<Order>('POST', '/orders', request)),
    );
    assert.deepEqual(
      replies.map((r) => r.status).sort(),
      [200, 200, 200, 200, 201],
      'one creation, four replays',
    );
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 1, 'every reply names one order');
    assert.equal(ordersWithKey('spec-order-race-1'), 1);
  });

  it('the same checkout id with a different body is refused with 422 and writes nothing', async () => {
    const key = 'spec-order-conflict-1';
    const first = await send<Order>('POST', '/orders', {
      userId: '42',
      checkoutId: key,
      items: [{ sku: 'BOO-102', quantity: 1 }],
    });
    assert.equal(first.status, 201);
    const ordersBefore = allOrders();
    const other = await send<Order>('POST', '/orders', {
      userId: '43',
      checkoutId: key,
      items: [{ sku: 'KIT-101', quantity: 3 }],
    });
    assert.equal(other.status, 422);
    assert.match(JSON.stringify(other.body), /already used for another order.*new Idempotency-Key/);
    assert.equal(allOrders(), ordersBefore);
    assert.equal(ordersWithKey(key), 1);
    assert.equal(
      count('SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ?', first.body.id),
      1,
    );
  });

  const invalid: { name: string; body: unknown; path: string; message: RegExp }[] = [
    {
      name: 'a userId that is not a positive integer',
      body: {
        userId: 'abc',
        checkoutId: 'spec-bad-1234',
        items: [{ sku: 'BOO-101', quantity: 1 }],
      },
      path: 'userId',
      message: /positive integer/,
    },
    {
      name: 'no items',
      body: { userId: '42', checkoutId: 'spec-bad-1234', items: [] },
      path: 'items',
      message: /at least one line/,
    },
    {
      name: 'quantity 0',
      body: { userId: '42', checkoutId: 'spec-bad-1234', items: [{ sku: 'BOO-101', quantity: 0 }] },
      path: 'items.0.quantity',
      message: /at least 1/,
    },
    {
      name: 'a huge quantity',
      body: {
        userId: '42',
        checkoutId: 'spec-bad-1234',
        items: [{ sku: 'BOO-101', quantity: 1e9 }],
      },
      path: 'items.0.quantity',
      message: /at most 100/,
    },
    {
      name: 'a malformed sku',
      body: { userId: '42', checkoutId: 'spec-bad-1234', items: [{ sku: 'boo', quantity: 1 }] },
      path: 'items.0.sku',
      message: /ABC-123/,
    },
    {
      name: 'a checkout id too short to be an Idempotency-Key',
      body: { userId: '42', checkoutId: 'x', items: [{ sku: 'BOO-101', quantity: 1 }] },
      path: 'checkoutId',
      message: /8 to 128 characters/,
    },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name} with a 400 naming ${c.path}`, async () => {
      const before = allOrders();
      const reply = await send<ErrorBody>('POST', '/orders', c.body);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.statusCode, 400);
      const issue = reply.body.issues?.find((i) => i.path === c.path);
      assert.ok(issue, `no issue for ${c.path} in ${JSON.stringify(reply.body)}`);
      assert.match(issue.message, c.message);
      assert.match(
        reply.body.message,
        new RegExp(`^Invalid body: .*${c.path.replace(/\./g, '\\.')}`),
      );
      assert.equal(allOrders(), before, 'nothing written');
    });
  }

  it('refuses an unknown sku with a 400 that names it and writes nothing', async () => {
    const before = allOrders();
    const reply = await send<ErrorBody>('POST', '/orders', {
      userId: '42',
      checkoutId: 'spec-unknown-sku-1',
      items: [
        { sku: 'BOO-101', quantity: 1 },
        { sku: 'ZZZ-999', quantity: 1 },
      ],
    });
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /unknown sku ZZZ-999: GET \/products/);
    assert.equal(allOrders(), before);
    assert.equal(ordersWithKey('spec-unknown-sku-1'), 0);
  });

  it('refuses a sku listed twice in one order', async () => {
    const reply = await send<ErrorBody>('POST', '/orders', {
      userId: '42',
      checkoutId: 'spec-dup-sku-1',
      items: [
        { sku: 'BOO-101', quantity: 1 },
        { sku: 'BOO-101', quantity: 2 },
      ],
    });
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /once per order/);
    assert.equal(ordersWithKey('spec-dup-sku-1'), 0);
  });

  it('refuses a body that is not JSON with a 400 that says what to send', async () => {
    const malformed = await send<ErrorBody>('POST', '/orders', '{"userId": "42",');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.message, /Malformed JSON body/);
    const text = await send<ErrorBody>('POST', '/orders', 'userId=42', {
      'content-type': 'text/plain',
    });
    assert.equal(text.status, 400);
    assert.match(text.body.message, /^Invalid body: body: /);
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const reply = await send<ErrorBody>('POST', '/orders', {
      userId: '42',
      checkoutId: 'spec-extra-1234',
      items: [{ sku: 'BOO-101', quantity: 1 }],
      discount: 100,
    });
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /discount/);
  });

  it("lists a user's orders, newest first, the new one included", async () => {
    const seeded = seedOrders().filter((o) => o.userId === '42');
    const created = await send<Order>('POST', '/orders', {
      userId: '42',
      checkoutId: 'spec-list-1234',
      items: [{ sku: 'OUT-105', quantity: 1 }],
    });
    assert.equal(created.status, 201);
    const mine = count('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', '42');
    assert.ok(mine >= seeded.length + 1);

    const list = await send<OrderList>('GET', '/users/42/orders?limit=50');
    assert.equal(list.status, 200);
    assert.equal(list.body.userId, '42');
    assert.equal(list.body.orders.length, Math.min(mine, 50));
    assert.equal(list.body.orders[0]!.id, created.body.id, 'newest first');
    assert.ok(list.body.orders.every((o) => o.userId === '42'));
    const dates = list.body.orders.map((o) => o.createdAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
    for (const seed of seeded) {
      const order = list.body.orders.find((o) => o.id === seed.id);
      assert.ok(order, `seeded order ${seed.id} listed`);
      assert.deepEqual(
        order.items.map((i) => [i.sku, i.quantity]),
        [...seed.items].sort((a, b) => a.sku.localeCompare(b.sku)).map((i) => [i.sku, i.quantity]),
      );
    }

    const two = await send<OrderList>('GET', '/users/42/orders?limit=2');
    assert.equal(two.body.orders.length, 2);
    const none = await send<OrderList>('GET', '/users/999999/orders');
    assert.equal(none.status, 200);
    assert.deepEqual(none.body, { userId: '999999', orders: [] });
  });

  it('refuses a bad userId or limit on the list with a 400 naming it', async () => {
    const badUser = await send<ErrorBody>('GET', '/users/0/orders');
    assert.equal(badUser.status, 400);
    assert.equal(badUser.body.issues?.[0]?.path, 'userId');
    const badLimit = await send<ErrorBody>('GET', '/users/42/orders?limit=0');
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.body.issues?.[0]?.path, 'limit');
    const unknownParam = await send<ErrorBody>('GET', '/users/42/orders?page=2');
    assert.equal(unknownParam.status, 400);
    assert.match(unknownParam.body.message, /page/);
  });

  it('answers an unknown order id with 404 and a malformed one with 400', async () => {
    const missing = await send<ErrorBody>('GET', '/orders/o-does-not-exist');
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /does not exist/);
    const malformed = await send<ErrorBody>('GET', '/orders/42');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.issues?.[0]?.path, 'orderId');
  });
});

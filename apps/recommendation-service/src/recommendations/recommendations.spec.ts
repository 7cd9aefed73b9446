import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorBody, Order, RecommendationList } from '@suite/contracts';
import { CATALOGUE, seedOrders } from '@suite/fixtures';
import { createServiceApp } from '@suite/service-kit';
import { serveOnLoopback, type LoopbackApp } from '@suite/testing';

/**
 * A stand-in for order-service on a loopback port of its own (one component under test: the real
 * recommendation-service and its database; order-service's answers scripted here).
 */
class OrderServiceStub {
  readonly server: Server;
  seen: string[] = [];
  reply: (res: ServerResponse) => void = (res) => res.writeHead(500).end();

  constructor() {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      this.seen.push(req.url ?? '');
      this.reply(res);
    });
  }

  history(userId: string, orders: Order[]): void {
    this.reply = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ userId, orders }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function order(userId: string, lines: [sku: string, quantity: number][]): Order {
  const items = lines.map(([sku, quantity]) => {
    const product = CATALOGUE.find((p) => p.sku === sku)!;
    return { ...product, quantity, unitPriceCents: product.priceCents };
  });
  return {
    id: `o-spec-${userId}`,
    userId,
    checkoutId: null,
    createdAt: '2025-06-01T12:00:00.000Z',
    totalCents: items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0),
    items: items.map(({ sku, name, category, quantity, unitPriceCents }) => ({
      sku,
      name,
      category,
      quantity,
      unitPriceCents,
    })),
  };
}

/** The best sellers of the seeded order history, as the service's database learns them. */
function bestSellers(limit: number): string[] {
  const sold = new Map<string, number>(CATALOGUE.map((p) => [p.sku, 0]));
  for (const line of seedOrders().flatMap((o) => o.items))
    sold.set(line.sku, sold.get(line.sku)! + line.quantity);
  return [...sold]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([sku]) => sku);
}

const HISTORY_ORDERS = 3;
const RETRIES = 1;

describe('recommendation-service (real app and database, order-service stubbed on loopback)', () => {
  const orders = new OrderServiceStub();
  let app: NestExpressApplication;
  let served: LoopbackApp;

  before(async () => {
    await new Promise<void>((resolve) => orders.server.listen(0, '127.0.0.1', resolve));
    const ordersPort = (orders.server.address() as AddressInfo).port;
    // Before the app loads (its config and clients read them once).
    process.env['ORDER_SERVICE_URL'] = `http://127.0.0.1:${ordersPort}`;
    process.env['ORDER_SERVICE_RETRIES'] = String(RETRIES);
    process.env['RECOMMENDATION_HISTORY_ORDERS'] = String(HISTORY_ORDERS);
    process.env['LATENCY'] = 'off';
    process.env['DATA_DIR'] = ':memory:';
    process.env['LOG_LEVEL'] = 'silent';
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'recommendation-service' });
    served = await serveOnLoopback(app);
  });

  after(async () => {
    if (orders.server.listening) await orders.stop();
    await served.stop();
  });

  async function recommend<T = RecommendationList>(path: string) {
    const started = performance.now();
    const response = await fetch(`${served.base}${path}`);
    const body = (await response.json()) as T;
    return { status: response.status, body, elapsed: performance.now() - started };
  }

  it('recommends unbought products of the categories the user buys, asking order-service once', async () => {
    orders.seen = [];
    const bought = order('42', [
      ['BOO-101', 50],
      ['GAM-102', 1],
    ]);
    orders.history('42', [bought]);
    const { status, body } = await recommend('/users/42/recommendations?limit=12');
    assert.equal(status, 200);
    assert.deepEqual(orders.seen, [`/users/42/orders?limit=${HISTORY_ORDERS}`]);
    assert.equal(body.userId, '42');
    assert.equal(body.source, 'personalised');
    assert.equal(body.items.length, 12);
    const books = bought.items[0]!.category;
    const games = bought.items[1]!.category;
    const inBooks = CATALOGUE.filter((p) => p.category === books).length - 1;
    // Fifty books outweigh one game whatever the popularity: every unbought book first, then games.
    assert.deepEqual(
      body.items.map((i) => i.category),
      [...Array<string>(inBooks).fill(books), ...Array<string>(12 - inBooks).fill(games)],
    );
    assert.ok(
      body.items.every((i) => i.sku !== 'BOO-101' && i.sku !== 'GAM-102'),
      'nothing bought',
    );
    const scores = body.items.map((i) => i.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.equal(body.items[0]!.reason, `you bought 50 ${books} items`);
  });

  it('recommends the best sellers to a user without orders', async () => {
    orders.history('7', []);
    const { status, body } = await recommend('/users/7/recommendations');
    assert.equal(status, 200);
    assert.equal(body.source, 'personalised');
    assert.deepEqual(
      body.items.map((i) => i.sku),
      bestSellers(5),
    );
    assert.match(body.items[0]!.reason, /no orders yet/);
  });

  // 503 is transient (retried, GETs only); 500 is the service's bug (retrying would not help).
  for (const [status, attempts] of [
    [503, 1 + RETRIES],
    [500, 1],
  ] as const) {
    it(`falls back to the best sellers when order-service answers ${status}, after ${attempts} attempt(s)`, async () => {
      orders.seen = [];
      orders.reply = (res) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      const { status: answered, body } = await recommend('/users/42/recommendations?limit=4');
      assert.equal(answered, 200);
      assert.equal(orders.seen.length, attempts);
      assert.equal(body.source, 'popular');
      assert.deepEqual(
        body.items.map((i) => i.sku),
        bestSellers(4),
      );
      assert.match(body.items[0]!.reason, /order history unavailable/);
    });
  }

  it('falls back when order-service answers something that is not an order list', async () => {
    orders.reply = (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"orders":"soon"}');
    const { status, body } = await recommend('/users/42/recommendations?limit=2');
    assert.equal(status, 200);
    assert.equal(body.source, 'popular');
    assert.deepEqual(
      body.items.map((i) => i.sku),
      bestSellers(2),
    );
  });

  for (const [name, path, field] of [
    ['a malformed user id', '/users/abc/recommendations', 'userId'],
    ['user id 0', '/users/0/recommendations', 'userId'],
    ['limit 0', '/users/42/recommendations?limit=0', 'limit'],
    ['limit 51', '/users/42/recommendations?limit=51', 'limit'],
    ['a limit that is not a number', '/users/42/recommendations?limit=many', 'limit'],
  ] as const) {
    it(`refuses ${name} with a 400 naming ${field}, without calling order-service`, async () => {
      orders.seen = [];
      const { status, body } = await recommend<ErrorBody>(path);
      assert.equal(status, 400);
      assert.deepEqual(
        body.issues?.map((i) => i.path),
        [field],
      );
      assert.deepEqual(orders.seen, []);
    });
  }

  it('falls back quickly when order-service is unreachable (nothing listens on its port)', async () => {
    await orders.stop();
    const { status, body, elapsed } = await recommend('/users/42/recommendations?limit=3');
    assert.equal(status, 200);
    assert.equal(body.source, 'popular');
    assert.deepEqual(
      body.items.map((i) => i.sku),
      bestSellers(3),
    );
    // A refused connection is known at once: well under one order-service timeout (800 ms).
    assert.ok(elapsed < 800, `took ${elapsed} ms`);
  });
});

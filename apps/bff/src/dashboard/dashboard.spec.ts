import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestTelemetry } from '@suite/testing';

// Real telemetry before Nest and http load, so propagation works exactly as in production.
startTestTelemetry('bff');
process.env['LOG_LEVEL'] = 'silent';
// The outbox database: nothing written next to the sources.
process.env['DATA_DIR'] = ':memory:';
// A budget well above the healthy mocks (120 ms) and well below the slow one (2 s).
process.env['DASHBOARD_BUDGET_MS'] = '700';

import nock from 'nock';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@suite/service-kit';
import type { Server } from 'node:http';

// Downstream defaults from @suite/clients: nock stands in for all four services there.
const USER = 'http://127.0.0.1:3001';
const ORDERS = 'http://127.0.0.1:3002';
const LOYALTY = 'http://127.0.0.1:3003';
const RECOMMENDATIONS = 'http://127.0.0.1:3004';

const user = {
  id: '42',
  name: 'Ada Lovelace',
  email: 'ada@example.test',
  tier: 'gold',
  memberSince: '2020-01-01',
};
const orders = { userId: '42', orders: [] };
const loyalty = { userId: '42', points: 1200, tier: 'bronze' };
const recommendations = { userId: '42', source: 'personalised', items: [] };

interface Seen {
  path: string;
  headers: Record<string, string>;
  startedAt: number;
}

/**
 * Mocks one downstream answering after `delayMs`, recording each request's headers and how many
 * calls were in flight at once across all mocks.
 */
class Downstreams {
  seen: Seen[] = [];
  inFlight = 0;
  maxInFlight = 0;

  mock(
    origin: string,
    path: string,
    delayMs: number,
    status: number,
    body: unknown,
    times = 1,
  ): void {
    nock(origin)
      .get((uri) => uri.startsWith(path))
      .times(times)
      .reply(async (request: Request) => {
        this.seen.push({
          path: new URL(request.url).pathname,
          headers: Object.fromEntries(request.headers),
          startedAt: performance.now(),
        });
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        await sleep(delayMs);
        this.inFlight--;
        return [status, body as nock.ReplyBody];
      });
  }

  /** user 40 ms, orders 80 ms, loyalty 60 ms, recommendations 120 ms: sum 300, slowest 120. */
  healthy(
    overrides: Partial<
      Record<'user' | 'orders' | 'loyalty' | 'recommendations', [number, unknown]>
    > = {},
  ): void {
    const [us, ub] = overrides.user ?? [200, user];
    const [os, ob] = overrides.orders ?? [200, orders];
    const [ls, lb] = overrides.loyalty ?? [200, loyalty];
    const [rs, rb] = overrides.recommendations ?? [200, recommendations];
    this.mock(USER, '/users/42', 40, us, ub);
    this.mock(ORDERS, '/users/42/orders', 80, os, ob);
    this.mock(LOYALTY, '/users/42/points', 60, ls, lb);
    this.mock(RECOMMENDATIONS, '/users/42/recommendations', 120, rs, rb);
  }
}

describe('BFF dashboard (downstreams mocked with nock)', () => {
  let app: INestApplication;
  let base: string;
  let downstreams: Downstreams;

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'bff' });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    nock.disableNetConnect();
    nock.enableNetConnect(`127.0.0.1:${port}`);
    // The first request pays for JIT and connection set-up: keep it out of the timing assertions.
    fresh().healthy();
    await dashboard();
    nock.cleanAll();
  });

  after(async () => {
    nock.abortPendingRequests();
    nock.enableNetConnect();
    (app.getHttpServer() as Server).closeAllConnections();
    await app.close();
  });

  afterEach(() => nock.cleanAll());

  async function dashboard(query = '', headers: Record<string, string> = {}) {
    downstreams ??= new Downstreams();
    const started = performance.now();
    const response = await fetch(`${base}/api/users/42/dashboard${query}`, { headers });
    const body = (await response.json()) as Record<string, any>;
    return { response, body, elapsed: performance.now() - started };
  }

  function fresh(): Downstreams {
    downstreams = new Downstreams();
    return downstreams;
  }

  it('parallel: total time tracks the slowest branch, not the sum', async () => {
    fresh().healthy();
    const { response, body, elapsed } = await dashboard();
    assert.equal(response.status, 200);
    assert.equal(body['meta'].strategy, 'parallel');
    assert.equal(downstreams.maxInFlight, 4, 'all four calls in flight together');
    assert.ok(elapsed >= 120, `took ${elapsed} ms, faster than the slowest branch?`);
    // Concurrency is the evidence (maxInFlight); time only has to stay under the sum, also on a busy machine.
    assert.ok(elapsed < 300, `took ${elapsed} ms: as long as the sum of the branches (300)`);
    assert.deepEqual(body['meta'].degraded, []);
    for (const branch of ['user', 'orders', 'loyalty', 'recommendations']) {
      assert.equal(body['meta'].branches[branch].status, 'ok');
    }
  });

  it('sequential: total time tracks the sum, one call at a time', async () => {
    fresh().healthy();
    const { response, body, elapsed } = await dashboard('?strategy=sequential');
    assert.equal(response.status, 200);
    assert.equal(downstreams.maxInFlight, 1);
    assert.ok(elapsed >= 300, `took ${elapsed} ms, less than the sum of the branches (300)`);
    assert.equal(body['meta'].strategy, 'sequential');
  });

  it('bounded: never more than `concurrency` calls in flight', async () => {
    fresh().healthy();
    const { response, body, elapsed } = await dashboard('?strategy=bounded&concurrency=2');
    assert.equal(response.status, 200);
    assert.equal(downstreams.maxInFlight, 2);
    // user+orders, then loyalty when user ends (40), recommendations when orders ends (80): ~200 ms.
    assert.ok(elapsed >= 195, `took ${elapsed} ms: faster than two waves of calls`);
    assert.equal(body['meta'].concurrency, 2);
  });

  it('a failing branch still gives 200, with that branch degraded and a fallback value', async () => {
    fresh().healthy({ loyalty: [500, { statusCode: 500, message: 'ledger on fire' }] });
    const { response, body } = await dashboard();
    assert.equal(response.status, 200);
    assert.deepEqual(body['meta'].degraded, ['loyalty']);
    assert.equal(body['meta'].branches.loyalty.status, 'error');
    assert.match(
      body['meta'].branches.loyalty.detail,
      /loyalty-service answered 500.*ledger on fire/,
    );
    assert.deepEqual(body['loyalty'], { status: 'unavailable' });
    assert.equal(body['user'].name, 'Ada Lovelace');
  });

  it('user-service failing gives a quick 503 that says why, and cancels the other calls', async () => {
    fresh();
    downstreams.mock(USER, '/users/42', 10, 500, { message: 'database locked' });
    downstreams.mock(ORDERS, '/users/42/orders', 1000, 200, orders);
    downstreams.mock(LOYALTY, '/users/42/points', 1000, 200, loyalty);
    downstreams.mock(RECOMMENDATIONS, '/users/42/recommendations', 1000, 200, recommendations);
    const { response, body, elapsed } = await dashboard();
    assert.equal(response.status, 503);
    assert.match(body['message'], /needs user-service.*database locked.*Retry/);
    assert.ok(elapsed < 500, `took ${elapsed} ms: it waited for branches it could not use`);
  });

  it('a missing user is a 404, an invalid one a 400 that names the field', async () => {
    fresh().healthy({ user: [404, { statusCode: 404, message: 'user 42 does not exist' }] });
    const missing = await dashboard();
    assert.equal(missing.response.status, 404);

    const invalid = await fetch(`${base}/api/users/abc/dashboard`);
    const body = (await invalid.json()) as { issues: { path: string }[] };
    assert.equal(invalid.status, 400);
    assert.deepEqual(body.issues.map((i) => i.path).sort(), ['userId']);
    const badQuery = await fetch(`${base}/api/users/42/dashboard?strategy=fastest`);
    assert.equal(badQuery.status, 400);
    assert.match(
      ((await badQuery.json()) as { message: string }).message,
      /strategy must be one of parallel, sequential, bounded/,
    );
  });

  it('traceparent, baggage and the correlation id reach every downstream call', async () => {
    fresh().healthy();
    const { response } = await dashboard('', { 'x-correlation-id': 'unit-test-corr-01' });
    assert.equal(response.headers.get('x-correlation-id'), 'unit-test-corr-01');
    const traceId = response.headers.get('traceresponse')?.split('-')[1];
    assert.match(traceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(downstreams.seen.length, 4);
    for (const { path, headers } of downstreams.seen) {
      assert.match(
        String(headers['traceparent']),
        new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
        path,
      );
      assert.match(String(headers['baggage']), /app\.correlation_id=unit-test-corr-01/, path);
      assert.equal(headers['x-correlation-id'], 'unit-test-corr-01', path);
    }
    const parents = new Set(
      downstreams.seen.map((s) => String(s.headers['traceparent']).split('-')[2]),
    );
    assert.equal(parents.size, 4, 'each call has a client span of its own');
  });

  it('a branch slower than the budget is cut at the budget and replaced by popular items', async () => {
    fresh();
    downstreams.mock(USER, '/users/42', 20, 200, user);
    downstreams.mock(ORDERS, '/users/42/orders', 20, 200, orders);
    downstreams.mock(LOYALTY, '/users/42/points', 20, 200, loyalty);
    downstreams.mock(RECOMMENDATIONS, '/users/42/recommendations', 2000, 200, recommendations);
    const { response, body, elapsed } = await dashboard();
    assert.equal(response.status, 200);
    assert.ok(elapsed < 700 + 200, `took ${Math.round(elapsed)} ms with a 700 ms budget`);
    assert.deepEqual(body['meta'].degraded, ['recommendations']);
    assert.equal(body['meta'].branches.recommendations.status, 'timeout');
    assert.equal(body['meta'].branches.recommendations.fallback, 'popular items (built-in list)');
    assert.equal(body['recommendations'].source, 'popular');
    assert.equal(body['recommendations'].items.length, 5);
    for (const { path, headers } of downstreams.seen) {
      const budget = Number(headers['x-deadline-ms']);
      assert.ok(budget > 0 && budget <= 700, `${path} was told ${budget} ms`);
    }
  });

  it('replaces an invalid correlation id instead of trusting it', async () => {
    fresh().healthy();
    const { response, body } = await dashboard('', { 'x-correlation-id': 'bad id\twith tab' });
    const id = response.headers.get('x-correlation-id');
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(body['meta'].correlationId, id);
  });

  // Last: it leaves loyalty-service's breaker (one per downstream for the whole app) open.
  it('a failing loyalty-service trips its breaker: later dashboards skip it at once', async () => {
    fresh();
    const failing = () => {
      downstreams.mock(USER, '/users/42', 5, 200, user);
      downstreams.mock(ORDERS, '/users/42/orders', 5, 200, orders);
      downstreams.mock(RECOMMENDATIONS, '/users/42/recommendations', 5, 200, recommendations);
    };
    // 3 attempts (1 + 2 retries) per dashboard; the 8th consecutive failure (the default) opens the
    // breaker, during the third dashboard.
    downstreams.mock(LOYALTY, '/users/42/points', 5, 503, { message: 'ledger down' }, 8);
    for (let i = 0; i < 3; i++) {
      failing();
      const { body } = await dashboard();
      assert.notEqual(body['meta'].branches.loyalty.status, 'ok');
    }
    const calledBefore = downstreams.seen.filter((s) => s.path === '/users/42/points').length;
    assert.equal(calledBefore, 8);
    failing();
    const { response, body } = await dashboard();
    assert.equal(response.status, 200);
    assert.equal(body['meta'].branches.loyalty.status, 'circuit-open');
    assert.match(body['meta'].branches.loyalty.detail, /circuit breaker is open/);
    assert.deepEqual(body['loyalty'], { status: 'unavailable' });
    assert.equal(
      downstreams.seen.filter((s) => s.path === '/users/42/points').length,
      calledBefore,
      'no request reached loyalty-service',
    );
  });
});

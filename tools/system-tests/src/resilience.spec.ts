// Resilience with real processes: a slow recommendation-service, a loyalty-service killed in the
// middle of a stream of checkouts, and a BFF restarted with undelivered accruals in its outbox.
// SQLite files live in a temporary DATA_DIR so restarts keep their data, as they would in production.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxListing } from '@suite/contracts';
import { ProcessGroup, type RunningSuite, launchSuiteWithSink } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import type { TraceSpan } from '@suite/trace-model';
import { SKUS } from '@suite/traffic';

const BUDGET_MS = 1500;
const group = new ProcessGroup('silent');
const sink = new OtlpSink();
const dataDir = mkdtempSync(join(tmpdir(), 'suite-resilience-'));
const run = Date.now().toString(36);
let suite: RunningSuite;

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function dashboard(userId: string, correlationId: string) {
  const started = performance.now();
  const response = await fetch(`${suite.urls.bff}/api/users/${userId}/dashboard`, {
    headers: { 'x-correlation-id': correlationId },
  });
  const body = await json<{
    recommendations: { source: string; items: unknown[] };
    loyalty: unknown;
    meta: {
      traceId: string;
      degraded: string[];
      branches: Record<string, { status: string; fallback?: string }>;
    };
  }>(response);
  return { response, body, elapsed: performance.now() - started };
}

interface CheckoutAnswer {
  loyalty: { status: string };
  meta: { traceId: string; idempotencyKey: string };
}

async function checkout(userId: string, quantity: number, key: string) {
  const response = await fetch(`${suite.urls.bff}/api/checkout`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      'x-correlation-id': `corr-${key}`,
    },
    body: JSON.stringify({ userId, items: [{ sku: SKUS[0], quantity }] }),
  });
  return { status: response.status, body: await json<CheckoutAnswer>(response) };
}

async function points(userId: string): Promise<number> {
  const response = await fetch(`${suite.urls['loyalty-service']}/users/${userId}/points`);
  return (await json<{ points: number }>(response)).points;
}

const outbox = async () => json<OutboxListing>(await fetch(`${suite.urls.bff}/api/outbox`));

/** Polls GET /api/outbox until nothing is pending; returns how long that took. */
async function drained(timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const listing = await outbox();
    if (listing.pending === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) {
      throw new Error(`outbox still holds ${listing.pending} entries: ${JSON.stringify(listing)}`);
    }
    await sleep(100);
  }
}

describe('resilience with real processes', () => {
  before(async () => {
    suite = await launchSuiteWithSink(
      group,
      sink,
      {
        LATENCY: 'fixed:10',
        DASHBOARD_BUDGET_MS: String(BUDGET_MS),
        // Short enough for a test; the defaults (5 s, 1 s..10 s) suit a person watching.
        LOYALTY_SERVICE_BREAKER_HALF_OPEN_MS: '500',
        OUTBOX_POLL_MS: '100',
        OUTBOX_RETRY_BASE_MS: '200',
        OUTBOX_RETRY_MAX_MS: '1000',
      },
      {
        dataDir,
        serviceEnv: { 'recommendation-service': { LATENCY_RECOMMENDATIONS_SCORE: 'fixed:3000' } },
      },
    );
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a slow recommendation-service: the dashboard answers within budget with popular items', async () => {
    const { response, body, elapsed } = await dashboard('42', `slow-recs-${run}`);
    assert.equal(response.status, 200);
    assert.ok(elapsed < BUDGET_MS + 300, `answered after ${Math.round(elapsed)} ms`);
    assert.deepEqual(body.meta.degraded, ['recommendations']);
    const branch = body.meta.branches['recommendations']!;
    assert.ok(['timeout', 'circuit-open'].includes(branch.status), branch.status);
    assert.match(branch.fallback ?? '', /popular items/);
    assert.equal(body.recommendations.source, 'popular');
    assert.ok(body.recommendations.items.length > 0, 'the fallback is not empty');

    const spans = await sink.waitForTrace(body.meta.traceId, 10);
    const call = spans.find(
      (s) =>
        s.service === 'bff' &&
        s.kind === 'client' &&
        s.attributes['peer.service'] === 'recommendation-service',
    );
    assert.ok(call, 'the BFF called recommendation-service');
    assert.equal(call.attributes['error.type'], 'timeout');
    assert.ok(Number(call.attributes['app.deadline.remaining_ms']) <= BUDGET_MS);
    const handler = spans.find(
      (s) => s.service === 'bff' && s.events.some((e) => e.name === 'fallback'),
    );
    assert.ok(handler, 'the BFF says on its span that it used a fallback');
    // The service was told how long the BFF would wait, and stopped instead of working for 3 s.
    const server = spans.find((s) => s.service === 'recommendation-service' && s.kind === 'server');
    assert.ok(server, 'recommendation-service server span exported');
    assert.ok(Number(server.attributes['app.deadline.remaining_ms']) <= BUDGET_MS);
    assert.ok(server.durationUs < 2_500_000, `it worked for ${server.durationUs / 1000} ms`);
  });

  it('loyalty-service killed mid-stream: every checkout answers 201 and every accrual lands once', async () => {
    const userId = '11';
    const before = await points(userId);
    let expected = 0;
    const statuses: string[] = [];
    let restartedAt = 0;
    for (let i = 0; i < 20; i++) {
      if (i === 5) await group.stopOne('loyalty-service');
      if (i === 12) {
        await suite.start('loyalty-service');
        restartedAt = performance.now();
      }
      const quantity = (i % 3) + 1;
      expected += quantity * 10;
      const { status, body } = await checkout(userId, quantity, `chk-${run}-stream-${i}`);
      assert.equal(status, 201, `checkout ${i} answered ${status}: ${JSON.stringify(body)}`);
      statuses.push(body.loyalty.status);
      if (i === 11) {
        // The failed accruals opened loyalty's breaker, shared with the dashboard: it short-circuits
        // there too (unless a dashboard call happens to be the half-open probe, which fails).
        const seen: string[] = [];
        for (let tries = 0; tries < 5 && !seen.includes('circuit-open'); tries++) {
          const { body: board } = await dashboard(userId, `loyalty-breaker-${run}-${tries}`);
          seen.push(board.meta.branches['loyalty']!.status);
          assert.deepEqual(board.loyalty, { status: 'unavailable' });
        }
        assert.ok(seen.includes('circuit-open'), `loyalty branch statuses: ${seen.join(', ')}`);
      }
    }
    assert.deepEqual(statuses.slice(0, 5), Array(5).fill('accrued'));
    assert.deepEqual(statuses.slice(5, 12), Array(7).fill('pending'));

    const drainMs = await drained();
    const sinceRestart = performance.now() - restartedAt;
    console.log(
      `outbox drained ${Math.round(drainMs)} ms after the last checkout, ${Math.round(sinceRestart)} ms after loyalty-service was back`,
    );
    assert.equal(await points(userId), before + expected, 'every accrual exactly once');

    // A client repeating a checkout that went through the outbox changes nothing.
    const repeat = await checkout(userId, (7 % 3) + 1, `chk-${run}-stream-7`);
    assert.equal(repeat.status, 201);
    assert.equal(await points(userId), before + expected);
  });

  it('survives a BFF restart with pending deliveries, and links the redelivery to the checkout', async () => {
    const userId = '12';
    const before = await points(userId);
    await group.stopOne('loyalty-service');
    const checkouts: CheckoutAnswer[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, body } = await checkout(userId, 2, `chk-${run}-restart-${i}`);
      assert.equal(status, 201);
      assert.equal(body.loyalty.status, 'pending');
      checkouts.push(body);
    }

    await group.stopOne('bff');
    await suite.start('bff');
    const waiting = await outbox();
    assert.deepEqual(
      waiting.entries.map((e) => e.checkoutId).sort(),
      checkouts.map((c) => c.meta.idempotencyKey).sort(),
      'the outbox survived the restart',
    );
    assert.ok(
      waiting.entries.every((e) => e.attempts >= 0 && e.lastError),
      'says why it waits',
    );

    await suite.start('loyalty-service');
    await drained();
    assert.equal(await points(userId), before + 3 * 20, 'delivered once each after the restart');

    const origin = checkouts[0]!;
    let delivery: TraceSpan | undefined;
    for (let i = 0; i < 50 && !delivery; i++) {
      delivery = sink.spans.find(
        (s) =>
          s.name === 'outbox deliver loyalty.accrual' &&
          s.attributes['app.outbox.result'] === 'delivered' &&
          s.links.some((l) => l.traceId === origin.meta.traceId),
      );
      if (!delivery) await sleep(100);
    }
    assert.ok(delivery, 'a delivery span links to the checkout trace');
    assert.equal(delivery.parentSpanId, undefined, 'a root of its own trace');
    assert.notEqual(delivery.traceId, origin.meta.traceId);
    assert.equal(delivery.attributes['app.correlation_id'], `corr-${origin.meta.idempotencyKey}`);
    const trace = await sink.waitForTrace(delivery.traceId, 3);
    assert.ok(
      trace.some((s) => s.service === 'loyalty-service' && s.kind === 'server'),
      'the redelivery reached loyalty-service in the same trace',
    );
  });
});

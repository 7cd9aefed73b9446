// In-service fault injection proven against real loyalty-service processes exporting OTLP to a sink:
// every fault kind, its trace attributes, and the admin API's guard.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEADLINE_HEADER, ProcessGroup, freePort, waitForHttp, repoRoot } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import type { TraceSpan } from '@suite/trace-model';

const TOKEN = 'test-chaos-token-0123456789';
const group = new ProcessGroup('silent');
const sink = new OtlpSink();
let chaotic: string;
let plain: string;

async function startLoyalty(name: string, env: NodeJS.ProcessEnv, otlp: string): Promise<string> {
  const port = await freePort();
  const managed = group.spawn(
    name,
    process.execPath,
    ['--import', '@suite/telemetry/preload', join('apps', 'loyalty-service', 'dist', 'main.js')],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'loyalty-service',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        LATENCY: 'off',
        LOG_FORMAT: 'json',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
        CHAOS_ADMIN_TOKEN: '',
        CHAOS_FAULTS: '',
        ...env,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/ready`, { stillAlive: () => !managed.exited }).catch(
    (error: unknown) => {
      throw new Error(`${(error as Error).message}\n${managed.tail.join('\n')}`);
    },
  );
  return url;
}

const admin = (method: string, body?: unknown, authorization = `Bearer ${TOKEN}`, base = chaotic) =>
  fetch(`${base}/admin/chaos/faults`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

/** The server span of the request sent with this correlation id. */
async function serverSpan(correlationId: string): Promise<TraceSpan> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const span = sink.spans.find(
      (s) => s.kind === 'server' && s.attributes['app.correlation_id'] === correlationId,
    );
    if (span) return span;
    if (Date.now() > deadline) throw new Error(`no server span for ${correlationId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const points = (user: string, correlationId: string, headers: Record<string, string> = {}) =>
  fetch(`${chaotic}/users/${user}/points`, {
    headers: { 'x-correlation-id': correlationId, ...headers },
  });

describe('chaos fault injection in a real service process', () => {
  before(async () => {
    const otlp = await sink.start();
    [chaotic, plain] = await Promise.all([
      startLoyalty(
        'loyalty-chaos',
        {
          CHAOS_ADMIN_TOKEN: TOKEN,
          // Scoped to one concrete path, so the other tests see no latency.
          CHAOS_FAULTS: 'kind=latency,latency=fixed:300,route=GET /users/7/points',
        },
        otlp,
      ),
      startLoyalty('loyalty-plain', {}, otlp),
    ]);
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  it('adds latency from CHAOS_FAULTS, on the matching route only, visible on the server span', async () => {
    let started = performance.now();
    const slow = await points('7', 'chaos-latency-hit', { baggage: 'chaos.experiment=exp-test-1' });
    assert.equal(slow.status, 200);
    assert.ok(performance.now() - started >= 290, 'delayed by the fault');
    started = performance.now();
    assert.equal((await points('8', 'chaos-latency-miss')).status, 200);
    assert.ok(performance.now() - started < 250, 'another user is not in scope');

    const span = await serverSpan('chaos-latency-hit');
    assert.equal(span.attributes['chaos.kind'], 'latency');
    assert.equal(span.attributes['chaos.latency_ms'], 300);
    assert.equal(span.attributes['chaos.experiment'], 'exp-test-1', 'experiment id from baggage');
    const event = span.events.find((e) => e.name === 'chaos.injected');
    assert.equal(event?.attributes['chaos.route'], 'GET /users/7/points');
    const missed = await serverSpan('chaos-latency-miss');
    assert.equal(missed.attributes['chaos.kind'], undefined);
  });

  it('answers an injected error status until the fault is cleared', async () => {
    const created = await admin('POST', {
      id: 'err-1',
      kind: 'error',
      status: 503,
      route: 'GET /users/:userId/points',
    });
    assert.equal(created.status, 201);
    const failed = await points('9', 'chaos-error-hit');
    assert.equal(failed.status, 503);
    assert.match(((await failed.json()) as { message: string }).message, /chaos: fault err-1/);
    const listed = (await (await admin('GET')).json()) as {
      faults: { id: string; hits: number }[];
    };
    assert.equal(listed.faults.find((f) => f.id === 'err-1')?.hits, 1);

    assert.equal((await admin('DELETE')).status, 200);
    assert.equal((await points('9', 'chaos-error-cleared')).status, 200);
    const span = await serverSpan('chaos-error-hit');
    assert.equal(span.attributes['chaos.kind'], 'error');
    assert.equal(span.attributes['chaos.status'], 503);
    assert.equal(span.error, true);
    // The env fault stays: DELETE clears everything, so put nothing back it needs.
  });

  it('resets the connection: the caller gets no answer at all', async () => {
    await admin('POST', { id: 'reset-1', kind: 'reset', route: '/users/:userId/points' });
    await assert.rejects(points('10', 'chaos-reset-hit'), (error: Error) => {
      assert.equal(error.name, 'TypeError', 'fetch failed: no HTTP response');
      return true;
    });
    await admin('DELETE');
    const span = await serverSpan('chaos-reset-hit');
    assert.equal(
      span.events.find((e) => e.name === 'chaos.injected')?.attributes['chaos.kind'],
      'reset',
    );
  });

  it("hangs until the caller's deadline, then gives up with a 504", async () => {
    await admin('POST', {
      id: 'hang-1',
      kind: 'hang',
      maxMs: 5000,
      route: 'GET /users/:userId/points',
    });
    const started = performance.now();
    const hung = await points('11', 'chaos-hang-hit', { [DEADLINE_HEADER]: '400' });
    const ms = performance.now() - started;
    assert.equal(hung.status, 504);
    assert.ok(ms >= 380 && ms < 3000, `hung ${Math.round(ms)} ms for a 400 ms deadline`);
    await admin('DELETE', undefined);
    const span = await serverSpan('chaos-hang-hit');
    assert.equal(span.attributes['chaos.kind'], 'hang');
  });

  it('ends a fault on its timer', async () => {
    await admin('POST', {
      kind: 'error',
      status: 500,
      durationMs: 300,
      route: '/users/:userId/points',
    });
    assert.equal((await points('12', 'chaos-timer-1')).status, 500);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await points('12', 'chaos-timer-2')).status, 200);
  });

  it('guards the admin API: 404 when off, 401 without a token, 403 with a wrong one, 400 for nonsense', async () => {
    const off = await admin('GET', undefined, `Bearer ${TOKEN}`, plain);
    assert.equal(off.status, 404);
    assert.match(((await off.json()) as { message: string }).message, /CHAOS_ADMIN_TOKEN/);
    assert.equal((await admin('POST', { kind: 'reset' }, '', plain)).status, 404);

    const missing = await admin('POST', { kind: 'reset' }, '');
    assert.equal(missing.status, 401);
    const wrong = await admin('POST', { kind: 'reset' }, 'Bearer not-the-token-at-all-000');
    assert.equal(wrong.status, 403);
    const nonsense = await admin('POST', { kind: 'explode', rate: 7 });
    assert.equal(nonsense.status, 400);
    assert.match(((await nonsense.json()) as { message: string }).message, /kind must be one of/);
    // None of the refused requests injected anything.
    const listed = (await (await admin('GET')).json()) as { faults: unknown[] };
    assert.deepEqual(listed.faults, []);
    assert.equal((await points('13', 'chaos-guard-after')).status, 200);
  });
});

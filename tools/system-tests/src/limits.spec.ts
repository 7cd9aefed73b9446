// Abuse and lifecycle, each on one real service process: the BFF's rate limit, a slowloris client,
// SIGTERM draining in-flight requests within a bound, and no committed write lost to SIGKILL.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProcessGroup,
  SERVICES,
  freePort,
  waitForHttp,
  type ManagedProcess,
  type ServiceName,
  repoRoot,
} from '@suite/harness';
import { SKUS } from '@suite/traffic';

const group = new ProcessGroup('silent');
const dataDir = mkdtempSync(join(tmpdir(), 'suite-hardening-'));
let spawned = 0;

/** One service as `npm start` runs it, wired to a port where nothing listens (no other service needed). */
async function startService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  port?: number,
): Promise<{ url: string; port: number; process: ManagedProcess }> {
  const own = port ?? (await freePort());
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  const managed = group.spawn(
    `${name}#${++spawned}`,
    process.execPath,
    ['--import', '@suite/telemetry/preload', join('apps', name, 'dist', 'main.js')],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        ...Object.fromEntries(SERVICES.map((s) => [s.urlVariable, nowhere])),
        OTEL_TRACES_EXPORTER: 'none',
        LOG_FORMAT: 'json',
        LATENCY: 'off',
        DATA_DIR: dataDir,
        ...env,
        OTEL_SERVICE_NAME: name,
        PORT: String(own),
        HOST: '127.0.0.1',
      },
    },
  );
  const url = `http://127.0.0.1:${own}`;
  await waitForHttp(`${url}/health/ready`, { stillAlive: () => !managed.exited });
  return { url, port: own, process: managed };
}

/** The exit code, or the signal that ended the process. */
function exitOf(managed: ManagedProcess): Promise<number | string | null> {
  const { child } = managed;
  if (managed.exited) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

after(async () => {
  await group.stopAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('BFF rate limit', () => {
  it('answers 429 with Retry-After and JSON past the burst, and never limits health probes', async () => {
    const bff = await startService('bff', { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '3' });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${bff.url}/api/outbox`);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
    assert.ok(limited, `no 429 after the burst: ${statuses.join(', ')}`);
    assert.equal(limited.headers.get('retry-after'), '1');
    const body = (await limited.json()) as { statusCode: number; message: string };
    assert.equal(body.statusCode, 429);
    assert.match(body.message, /retry after 1 s/);
    for (let i = 0; i < 10; i++) {
      assert.equal((await fetch(`${bff.url}/health/ready`)).status, 200, 'probes are exempt');
    }
    // A second later the bucket holds a token again.
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await fetch(`${bff.url}/api/outbox`)).status, 200);
  });

  it('cuts off a slowloris client that sends its headers byte by byte', async () => {
    const bff = await startService('bff', {
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_TIMEOUT_CHECK_MS: '250',
    });
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(bff.port, '127.0.0.1');
      let received = '';
      const drip = 'GET /api/outbox HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ' + 'a'.repeat(100);
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < drip.length && socket.writable) socket.write(drip[sent++]!);
      }, 100);
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error('the server still holds the connection after 8 s'));
      }, 8000);
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve(received);
      });
    });
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 4000, `cut off after ${tookMs} ms`);
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /"statusCode":408/);
    // The server itself is fine.
    assert.equal((await fetch(`${bff.url}/health/live`)).status, 200);
  });
});

describe('shutdown', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections and exits in time', async () => {
    const users = await startService('user-service', { LATENCY: 'fixed:1200' });
    const inFlight = fetch(`${users.url}/users/7`);
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    users.process.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await assert.rejects(fetch(`${users.url}/health/live`), 'new connections are refused');
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { id: string }).id, '7');
    const code = await exitOf(users.process);
    const tookMs = Date.now() - signalled;
    assert.equal(code, 'SIGTERM', 'Nest re-raises the signal after a clean close');
    assert.ok(tookMs < 5000, `exited ${tookMs} ms after SIGTERM`);
  });

  it('gives up on a request still running after SHUTDOWN_GRACE_MS', async () => {
    const users = await startService('user-service', {
      LATENCY: 'fixed:5000',
      SHUTDOWN_GRACE_MS: '500',
    });
    const inFlight = fetch(`${users.url}/users/7`).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    users.process.child.kill('SIGTERM');
    const code = await exitOf(users.process);
    const tookMs = Date.now() - signalled;
    assert.equal(code, 1, 'a forced exit says so');
    assert.ok(tookMs < 2500, `exited ${tookMs} ms after SIGTERM (grace 500 ms)`);
    assert.ok((await inFlight) instanceof Error, 'the cut request fails rather than hangs');
  });

  it('loses no committed write when killed with SIGKILL right after the 201', async () => {
    const orders = await startService('order-service', {});
    const checkoutId = `sigkill-${Date.now()}`;
    const created = await fetch(`${orders.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: '9', checkoutId, items: [{ sku: SKUS[0], quantity: 1 }] }),
    });
    assert.equal(created.status, 201);
    orders.process.child.kill('SIGKILL');
    await exitOf(orders.process);
    const again = await startService('order-service', {}, orders.port);
    const list = (await (await fetch(`${again.url}/users/9/orders?limit=50`)).json()) as {
      orders: { checkoutId: string }[];
    };
    assert.equal(list.orders.filter((o) => o.checkoutId === checkoutId).length, 1);
  });
});

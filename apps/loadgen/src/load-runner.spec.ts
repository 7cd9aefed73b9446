// The load generator against a recording HTTP server on loopback: what it sends and when it stops.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMix } from '@suite/traffic';
import { runLoad } from './load-runner';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let base: string;

describe('loadgen', () => {
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the mix it is given, marked synthetic, and stops at --count', async () => {
    seen.length = 0;
    const lines: string[] = [];
    const summary = await runLoad({
      url: base,
      rate: 400,
      count: 120,
      mix: parseMix('parallel=50,sequential=0,bounded=20,checkout=30'),
      reportEveryMs: 60_000,
      report: (line) => lines.push(line),
    });

    assert.equal(summary.sent, 120);
    assert.equal(seen.length, 120);
    assert.ok(seen.every((r) => r.headers['baggage'] === 'app.synthetic=true'));
    assert.equal(summary.byKind.sequential, 0);
    assert.ok(!seen.some((r) => r.url.includes('strategy=sequential')));
    assert.ok(summary.byKind.parallel > 0 && summary.byKind.bounded > 0);

    const dashboards = seen.filter((r) => r.method === 'GET');
    for (const r of dashboards) {
      const match = /^\/api\/users\/(\d+)\/dashboard(\?strategy=bounded&concurrency=[1-3])?$/.exec(
        r.url,
      );
      assert.ok(match, `unexpected dashboard request ${r.url}`);
      const user = Number(match[1]);
      assert.ok(user >= 1 && user <= 300, `user ${user} is outside the seeded 1..300`);
    }

    const checkouts = seen.filter((r) => r.method === 'POST');
    assert.equal(checkouts.length, summary.byKind.checkout);
    assert.ok(checkouts.length > 0);
    const keys = new Set(checkouts.map((r) => r.headers['idempotency-key']));
    assert.equal(keys.size, checkouts.length, 'every checkout has its own Idempotency-Key');
    for (const r of checkouts) {
      assert.equal(r.url, '/api/checkout');
      const body = JSON.parse(r.body) as { userId: string; items: { sku: string }[] };
      assert.match(body.userId, /^[1-9]\d*$/);
      assert.ok(body.items.every((i) => /^(BOO|MUS|GAM|GAR|KIT|OUT)-1(0[1-9]|10)$/.test(i.sku)));
    }

    assert.deepEqual(summary.outcomes, { '200': dashboards.length, '201': checkouts.length });
    assert.match(lines.at(-1) ?? '', /sent 120 .*status 200:\d+ 201:\d+ p50 \d+ms p99 \d+ms/);
  });

  it('keeps a steady rate and stops when asked (SIGTERM in the CLI)', async () => {
    seen.length = 0;
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 500);
    const started = Date.now();
    const summary = await runLoad({
      url: base,
      rate: 20,
      mix: parseMix('parallel=1'),
      reportEveryMs: 60_000,
      report: () => undefined,
      signal: stop.signal,
    });
    assert.ok(Date.now() - started < 2_000, 'stops promptly');
    // 20/s for half a second: about 10, never a burst.
    assert.ok(summary.sent >= 6 && summary.sent <= 12, `sent ${summary.sent}`);
  });

  it('explains a bad mix', () => {
    assert.throws(() => parseMix('parallel=70,chekout=30'), /unknown request kind "chekout"; use/);
    assert.throws(() => parseMix('parallel=-1'), /weight of parallel must be a number >= 0/);
    assert.throws(() => parseMix('parallel=0'), /at least one kind needs a weight above 0/);
  });
});

// `npm run soak -- --minutes N`: the suite as real processes under steady mixed load with periodic
// chaos (loyalty-service killed and restarted, latency injected into recommendation-service), sampling
// memory and open file descriptors per service. Fails on growth beyond the bounds, on any lost or
// duplicated write, and on any answer the hypothesis does not allow.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import {
  ProcessGroup,
  SERVICE_NAMES,
  launchSuite,
  type ServiceName,
  repoRoot,
} from '@suite/harness';

const HELP = `npm run soak -- [--minutes N] [--rate R] [--max-rss-growth-mb M] [--max-fd-growth F]

  --minutes N             how long the load runs (default 1; fractions allowed)
  --rate R                requests per second to the BFF (default 20): 80 % dashboards, 20 % checkouts
  --max-rss-growth-mb M   allowed growth of a service's peak RSS, first half of the run to second (default 96)
  --max-fd-growth F       the same for open file descriptors (default 40)

Hypothesis: every dashboard answers 200 (degraded while loyalty is down or recommendations are slow),
every checkout 201 (a replay of the same key 200 or 201 with the same order; a 503 is retried with
the same key, up to 3 times, and counts only if the last attempt fails); afterwards every
201 checkout has exactly one order and, once the BFF outbox has drained, exactly one accrual.`;

interface Sample {
  atS: number;
  service: ServiceName;
  rssMb: number;
  fds: number;
}

function procStats(pid: number): { rssMb: number; fds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(rssKb / 102.4) / 10, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined; // the process is down (e.g. loyalty during a kill)
  }
}

/** An OTLP endpoint that accepts and discards: the export path is exercised, nothing piles up here. */
function discardingCollector(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, server });
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '1' },
      rate: { type: 'string', default: '20' },
      'max-rss-growth-mb': { type: 'string', default: '96' },
      'max-fd-growth': { type: 'string', default: '40' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return (void console.log(HELP), 0);
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const maxRssGrowthMb = Number(values['max-rss-growth-mb']);
  const maxFdGrowth = Number(values['max-fd-growth']);
  for (const [name, value] of Object.entries({ minutes, rate, maxRssGrowthMb, maxFdGrowth })) {
    if (!(value > 0))
      throw new Error(`${name} must be a positive number; see npm run soak -- --help`);
  }
  const durationMs = minutes * 60_000;
  const log = (line: string) => console.log(`[soak] ${line}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'suite-soak-'));
  const group = new ProcessGroup('silent');
  const collector = await discardingCollector();
  const token = randomBytes(16).toString('hex');
  const stop = () => void group.stopAll().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    log(`starting the suite (data in ${dataDir}) ...`);
    const suite = await launchSuite(group, {
      root: repoRoot(),
      ports: 'free',
      dataDir,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        LATENCY: 'fixed:10',
        LOG_FORMAT: 'json',
        CHAOS_ADMIN_TOKEN: token,
        // Faster redelivery, so the outbox drains soon after loyalty is back.
        OUTBOX_RETRY_BASE_MS: '200',
        OUTBOX_RETRY_MAX_MS: '2000',
      },
    });
    const bff = suite.urls.bff;
    log(`suite ready; ${rate} req/s for ${minutes} min with chaos every 20 s`);

    const statuses = new Map<string, number>();
    const violations: string[] = [];
    const checkouts = new Map<string, { orderId: string; userId: string }>();
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    let requests = 0;
    let inFlight = 0;

    /**
     * A checkout as a careful client makes it: a 503 (a dependency did not answer in time: the
     * order may or may not be written) is retried with the same Idempotency-Key, as the answer
     * says; the final answer must be 201 (or 200, a replay) with one and the same order.
     */
    const checkout = async (key: string, userId: string) => {
      const body = JSON.stringify({
        userId,
        items: [{ sku: `BOO-${101 + randomInt(0, 10)}`, quantity: randomInt(1, 4) }],
      });
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${bff}/api/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const answer = (await response.json()) as { order?: { id: string }; message?: string };
        count(`checkout ${response.status}`);
        if (response.status === 503 && attempt < 4) {
          await sleep(500 * attempt);
          continue;
        }
        const first = checkouts.get(key);
        if (response.status === 201 || response.status === 200) {
          if (first && first.orderId !== answer.order?.id) {
            violations.push(`checkout ${key} replayed with another order (${answer.order?.id})`);
          }
          if (!first) checkouts.set(key, { orderId: answer.order?.id ?? '?', userId });
        } else {
          violations.push(`checkout ${key}: ${response.status} ${answer.message ?? ''}`);
        }
        return;
      }
    };

    const one = async () => {
      requests++;
      inFlight++;
      try {
        const roll = Math.random();
        if (roll < 0.8) {
          const strategy = (['parallel', 'sequential', 'bounded'] as const)[randomInt(0, 3)];
          const response = await fetch(
            `${bff}/api/users/${randomInt(1, 301)}/dashboard?strategy=${strategy}`,
            { signal: AbortSignal.timeout(10_000) },
          );
          const text = await response.text();
          count(`dashboard ${response.status}`);
          if (response.status !== 200) {
            violations.push(`dashboard ${response.status}: ${text.slice(0, 160)}`);
          }
        } else if (roll < 0.97 || checkouts.size === 0) {
          await checkout(`soak-${randomBytes(6).toString('hex')}`, String(randomInt(1, 301)));
        } else {
          // A client retrying a checkout it already made: must not write twice.
          const done = [...checkouts.entries()];
          const [key, { userId }] = done[randomInt(0, done.length)] ?? ['', { userId: '' }];
          await checkout(key, userId);
        }
      } catch (error) {
        count('no answer');
        violations.push(`no answer: ${(error as Error).message}`);
      } finally {
        inFlight--;
      }
    };

    const samples: Sample[] = [];
    const started = Date.now();
    const sample = () => {
      const atS = Math.round((Date.now() - started) / 1000);
      for (const name of SERVICE_NAMES) {
        const pid = group.get(name)?.child.pid;
        const stats = pid ? procStats(pid) : undefined;
        if (stats) samples.push({ atS, service: name, ...stats });
      }
    };

    const admin = (method: string, body?: unknown) =>
      fetch(`${suite.urls['recommendation-service']}/admin/chaos/faults`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.status);

    // Chaos, every 20 s: at 5 s loyalty is killed (SIGKILL) and restarted 4 s later; at 13 s
    // recommendation-service gets 2 s of extra latency for 4 s (past the BFF's budget: fallback).
    const chaos = async (signal: AbortSignal) => {
      let restarts = 0;
      for (let cycle = 0; !signal.aborted; cycle++) {
        const at = (s: number) =>
          sleep(Math.max(0, started + (cycle * 20 + s) * 1000 - Date.now()));
        await at(5);
        if (signal.aborted) break;
        log('chaos: SIGKILL loyalty-service');
        group.get('loyalty-service')?.child.kill('SIGKILL');
        await at(9);
        await suite.start('loyalty-service');
        restarts++;
        log(`chaos: loyalty-service restarted (${restarts})`);
        await at(13);
        if (signal.aborted) break;
        log(
          `chaos: +2000 ms on recommendation-service (${await admin('POST', { kind: 'latency', latency: 2000, durationMs: 4000 })})`,
        );
        await at(20);
      }
    };

    const chaosStop = new AbortController();
    const chaosRun = chaos(chaosStop.signal);
    const loads: Promise<void>[] = [];
    let nextProgress = started + 10_000;
    sample();
    for (let beat = 0; ; beat++) {
      const due = started + (beat * 1000) / rate;
      if (due - started >= durationMs) break;
      await sleep(Math.max(0, due - Date.now()));
      // Bounded: a stuck suite shows as "no answer", it does not pile up requests without limit.
      if (inFlight < 200) loads.push(one());
      if (loads.length > 500) await Promise.all(loads.splice(0));
      if (Date.now() >= nextProgress) {
        nextProgress += 10_000;
        sample();
        const latest = samples.slice(-SERVICE_NAMES.length);
        log(
          `${Math.round((Date.now() - started) / 1000)} s: ${requests} requests, ${violations.length} violations; ` +
            latest.map((s) => `${s.service} ${s.rssMb} MB/${s.fds} fd`).join(', '),
        );
      }
    }
    chaosStop.abort();
    await Promise.all(loads);
    await chaosRun;
    await admin('DELETE');
    log(`load done: ${requests} requests; waiting for the BFF outbox to drain ...`);
    let pending = -1;
    for (let i = 0; i < 60 && pending !== 0; i++) {
      const outbox = (await (await fetch(`${bff}/api/outbox`)).json()) as { pending: number };
      pending = outbox.pending;
      if (pending) await sleep(500);
    }
    if (pending !== 0)
      violations.push(`the BFF outbox still holds ${pending} accrual(s) after 30 s`);
    await sleep(2000); // idle keep-alive sockets close (HTTP_KEEP_ALIVE_TIMEOUT_MS)
    sample();

    // Writes: exactly one order and one accrual per successful checkout, nothing unasked for.
    const rows = (db: string, table: string) => {
      const sqlite = new DatabaseSync(join(dataDir, db), { readOnly: true });
      try {
        return new Map(
          (
            sqlite
              .prepare(
                `SELECT checkout_id AS k, COUNT(*) AS n FROM ${table} WHERE checkout_id LIKE 'soak-%' GROUP BY checkout_id`,
              )
              .all() as { k: string; n: number }[]
          ).map((r) => [r.k, r.n]),
        );
      } finally {
        sqlite.close();
      }
    };
    const orders = rows('orders.sqlite', 'orders');
    const accruals = rows('loyalty.sqlite', 'accruals');
    for (const key of checkouts.keys()) {
      if (orders.get(key) !== 1) violations.push(`checkout ${key}: ${orders.get(key) ?? 0} orders`);
      if (accruals.get(key) !== 1)
        violations.push(`checkout ${key}: ${accruals.get(key) ?? 0} accruals`);
    }
    for (const key of new Set([...orders.keys(), ...accruals.keys()])) {
      if (!checkouts.has(key)) violations.push(`write for checkout ${key}, which never got a 201`);
    }

    // Growth: the peak of the second half of the run against the peak of the first, per service.
    // RSS saws up and down with V8's lazy, occasionally compacting GC; a leak raises the peak.
    const halfS = Math.max(10, durationMs / 2000);
    const peak = (list: Sample[], key: 'rssMb' | 'fds') => Math.max(...list.map((s) => s[key]));
    console.log(
      '\n| service | RSS start MB | RSS peak 1st half | RSS peak 2nd half | RSS end MB | fds start | fds peak 1st half | fds peak 2nd half | fds end |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const name of SERVICE_NAMES) {
      const mine = samples.filter((s) => s.service === name);
      const early = mine.filter((s) => s.atS < halfS);
      const late = mine.filter((s) => s.atS >= halfS);
      const first = mine[0];
      const last = mine.at(-1);
      if (!first || !last || !early.length || !late.length) continue;
      const [rss1, rss2, fds1, fds2] = [
        peak(early, 'rssMb'),
        peak(late, 'rssMb'),
        peak(early, 'fds'),
        peak(late, 'fds'),
      ];
      console.log(
        `| ${name} | ${first.rssMb} | ${rss1} | ${rss2} | ${last.rssMb} | ${first.fds} | ${fds1} | ${fds2} | ${last.fds} |`,
      );
      // loyalty-service restarts every cycle: its figures belong to different processes.
      if (name === 'loyalty-service') continue;
      if (rss2 - rss1 > maxRssGrowthMb) {
        violations.push(`${name} RSS peak grew ${rss1} -> ${rss2} MB (bound +${maxRssGrowthMb})`);
      }
      if (fds2 - fds1 > maxFdGrowth) {
        violations.push(`${name} open fds peak grew ${fds1} -> ${fds2} (bound +${maxFdGrowth})`);
      }
    }
    const mix = [...statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    console.log(
      `\nrequests ${requests} (${mix}); checkouts ${checkouts.size}, orders ${orders.size}, accruals ${accruals.size}`,
    );
    if (violations.length) {
      console.log(`\nFAILED: ${violations.length} violation(s) of the hypothesis:`);
      for (const v of violations.slice(0, 30)) console.log(`  - ${v}`);
      return 1;
    }
    console.log(
      '\nPASSED: no lost or duplicated write, no unexpected status, growth within bounds',
    );
    return 0;
  } finally {
    process.removeListener('SIGINT', stop);
    await group.stopAll();
    collector.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[soak] ${(error as Error).message}`);
    process.exit(1);
  },
);

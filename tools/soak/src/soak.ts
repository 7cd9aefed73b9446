// `npm run soak -- --minutes N`: the suite as real processes under steady mixed load with periodic
// chaos (loyalty-service killed and restarted, latency injected into recommendation-service), sampling
// memory and open file descriptors per service. Fails on growth beyond the bounds, on any lost or
// duplicated write, and on any answer the hypothesis does not allow.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ProcessGroup, launchSuite, repoRoot, type RunningSuite } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { chaos, chaosAdmin, type ChaosOptions } from './chaos';
import { SoakClient } from './client';
import { Sampler, checkGrowth } from './growth';
import { checkWrites } from './writes';

const HELP = `npm run soak -- [--minutes N] [--rate R] [--max-rss-growth-mb M] [--max-fd-growth F]

  --minutes N             how long the load runs (default 1; fractions allowed)
  --rate R                requests per second to the BFF (default 20): 80 % dashboards, 20 % checkouts
  --max-rss-growth-mb M   allowed growth of a service's peak RSS, first half of the run to second (default 96)
  --max-fd-growth F       the same for open file descriptors (default 40)

Hypothesis: every dashboard answers 200 (degraded while loyalty is down or recommendations are slow),
every checkout 201 (a replay of the same key 200 or 201 with the same order; a 503 is retried with
the same key, up to 3 times, and counts only if the last attempt fails); afterwards every
201 checkout has exactly one order and, once the BFF outbox has drained, exactly one accrual.`;

interface Options {
  minutes: number;
  rate: number;
  maxRssGrowthMb: number;
  maxFdGrowth: number;
}

function options(): Options | undefined {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '1' },
      rate: { type: 'string', default: '20' },
      'max-rss-growth-mb': { type: 'string', default: '96' },
      'max-fd-growth': { type: 'string', default: '40' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const parsed = {
    minutes: Number(values.minutes),
    rate: Number(values.rate),
    maxRssGrowthMb: Number(values['max-rss-growth-mb']),
    maxFdGrowth: Number(values['max-fd-growth']),
  };
  for (const [name, value] of Object.entries(parsed)) {
    if (!(value > 0))
      throw new Error(`${name} must be a positive number; see npm run soak -- --help`);
  }
  return parsed;
}

const log = (line: string) => console.log(`[soak] ${line}`);

/** Steady load at `rate` for `durationMs` beside the chaos cycles, sampling every 10 s. */
async function load(o: Options, client: SoakClient, sampler: Sampler, chaosOptions: ChaosOptions) {
  const { started } = chaosOptions;
  const durationMs = o.minutes * 60_000;
  const chaosStop = new AbortController();
  const chaosRun = chaos(chaosOptions, chaosStop.signal);
  const loads: Promise<void>[] = [];
  let nextProgress = started + 10_000;
  sampler.sample();
  for (let beat = 0; ; beat++) {
    const due = started + (beat * 1000) / o.rate;
    if (due - started >= durationMs) break;
    await sleep(Math.max(0, due - Date.now()));
    // Bounded: a stuck suite shows as "no answer", it does not pile up requests without limit.
    if (client.inFlight < 200) loads.push(client.one());
    if (loads.length > 500) await Promise.all(loads.splice(0));
    if (Date.now() >= nextProgress) {
      nextProgress += 10_000;
      sampler.sample();
      log(
        `${Math.round((Date.now() - started) / 1000)} s: ${client.requests} requests, ${client.violations.length} violations; ${sampler.latest()}`,
      );
    }
  }
  chaosStop.abort();
  await Promise.all(loads);
  await chaosRun;
  await chaosAdmin(chaosOptions, 'DELETE');
}

/** Waits (up to 30 s) until the BFF's outbox has delivered every accrual. */
async function drainOutbox(suite: RunningSuite, client: SoakClient): Promise<void> {
  let pending = -1;
  for (let i = 0; i < 60 && pending !== 0; i++) {
    const outbox = (await (await fetch(`${suite.urls.bff}/api/outbox`)).json()) as {
      pending: number;
    };
    pending = outbox.pending;
    if (pending) await sleep(500);
  }
  if (pending !== 0)
    client.violations.push(`the BFF outbox still holds ${pending} accrual(s) after 30 s`);
}

function verdict(violations: string[]): number {
  if (violations.length) {
    console.log(`\nFAILED: ${violations.length} violation(s) of the hypothesis:`);
    for (const v of violations.slice(0, 30)) console.log(`  - ${v}`);
    return 1;
  }
  console.log('\nPASSED: no lost or duplicated write, no unexpected status, growth within bounds');
  return 0;
}

async function soak(o: Options, group: ProcessGroup, sink: OtlpSink, dataDir: string) {
  const token = randomBytes(16).toString('hex');
  log(`starting the suite (data in ${dataDir}) ...`);
  const suite = await launchSuite(group, {
    root: repoRoot(),
    ports: 'free',
    dataDir,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: await sink.start(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      LATENCY: 'fixed:10',
      LOG_FORMAT: 'json',
      CHAOS_ADMIN_TOKEN: token,
      // Faster redelivery, so the outbox drains soon after loyalty is back.
      OUTBOX_RETRY_BASE_MS: '200',
      OUTBOX_RETRY_MAX_MS: '2000',
    },
  });
  log(`suite ready; ${o.rate} req/s for ${o.minutes} min with chaos every 20 s`);
  const client = new SoakClient(suite.urls.bff);
  const started = Date.now();
  const sampler = new Sampler(group, started);
  // The export path is exercised; the spans themselves are not what a soak keeps.
  const forget = setInterval(() => sink.spans.splice(0), 5_000);
  try {
    await load(o, client, sampler, { group, suite, token, started, log });
  } finally {
    clearInterval(forget);
  }
  log(`load done: ${client.requests} requests; waiting for the BFF outbox to drain ...`);
  await drainOutbox(suite, client);
  await sleep(2000); // idle keep-alive sockets close (HTTP_KEEP_ALIVE_TIMEOUT_MS)
  sampler.sample();
  const writes = checkWrites(dataDir, client.checkouts);
  const growth = checkGrowth(sampler.samples, o.minutes * 60_000, o);
  console.log(
    `\nrequests ${client.requests} (${client.mix()}); checkouts ${client.checkouts.size}, orders ${writes.orders}, accruals ${writes.accruals}`,
  );
  return verdict([...client.violations, ...writes.violations, ...growth]);
}

async function main(): Promise<number> {
  const o = options();
  if (!o) return (void console.log(HELP), 0);
  const dataDir = mkdtempSync(join(tmpdir(), 'suite-soak-'));
  const group = new ProcessGroup('silent');
  const sink = new OtlpSink();
  const stop = () => void group.stopAll().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    return await soak(o, group, sink, dataDir);
  } finally {
    process.removeListener('SIGINT', stop);
    await group.stopAll();
    await sink.stop();
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

// npm run loadgen: steady synthetic traffic against the BFF, so that Jaeger fills without clicking.
// Also the `loadgen` container of docker-compose.yml (same image, other command).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CATALOGUE, USER_COUNT } from '@suite/fixtures';
import { percentile } from './stats';

const USAGE = `usage: npm run loadgen -- [options]            (every option also has an environment variable)
  --url URL            the BFF (BFF_URL; default http://127.0.0.1:3000)
  --rate N             requests per second, steady (LOADGEN_RATE; default 2)
  --mix SPEC           weights of the request kinds (LOADGEN_MIX;
                       default parallel=70,sequential=10,bounded=10,checkout=10)
  --duration S         stop after S seconds (LOADGEN_DURATION; default: run until stopped)
  --count N            stop after N requests (LOADGEN_COUNT; default: run until stopped)
  --report-every S     progress line every S seconds (LOADGEN_REPORT_EVERY; default 5)
Requests carry the W3C baggage app.synthetic=true. Ctrl-C or SIGTERM stops after the requests in flight.`;

export const KINDS = ['parallel', 'sequential', 'bounded', 'checkout'] as const;
export type Kind = (typeof KINDS)[number];
export type Mix = Record<Kind, number>;

export const DEFAULT_MIX = 'parallel=70,sequential=10,bounded=10,checkout=10';
/** Marks the traffic as synthetic for every service that reads baggage (and for whoever reads traces). */
export const SYNTHETIC_BAGGAGE = 'app.synthetic=true';
// Users and products from the seed data every service starts with.
const SKUS = CATALOGUE.map((product) => product.sku);
/** Beyond this many unanswered requests the generator skips beats rather than pile onto a sick BFF. */
const MAX_IN_FLIGHT = 64;

export interface LoadOptions {
  url: string;
  rate: number;
  mix: Mix;
  durationMs?: number;
  count?: number;
  reportEveryMs: number;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** Where progress lines go (console.log by default). */
  report?: (line: string) => void;
  /** Stops the run early (SIGTERM in the CLI). */
  signal?: AbortSignal;
}

export interface LoadSummary {
  sent: number;
  byKind: Record<Kind, number>;
  /** HTTP status (as text) or the error's name, e.g. { '200': 95, '201': 4, TimeoutError: 1 }. */
  outcomes: Record<string, number>;
  skipped: number;
  p50Ms: number;
  p99Ms: number;
}

/** `parallel=70,checkout=30` -> weights; kinds left out weigh 0. Throws a message that names the fix. */
export function parseMix(spec: string): Mix {
  const mix: Mix = { parallel: 0, sequential: 0, bounded: 0, checkout: 0 };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, weight] = part.split('=').map((s) => s.trim());
    if (!KINDS.includes(name as Kind)) {
      throw new Error(
        `mix: unknown request kind "${name}"; use ${KINDS.join(', ')}, e.g. ${DEFAULT_MIX}`,
      );
    }
    const value = Number(weight);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`mix: weight of ${name} must be a number >= 0, e.g. ${name}=10`);
    }
    mix[name as Kind] = value;
  }
  if (KINDS.every((k) => mix[k] === 0)) {
    throw new Error(`mix: at least one kind needs a weight above 0, e.g. ${DEFAULT_MIX}`);
  }
  return mix;
}

function pickKind(mix: Mix): Kind {
  const total = KINDS.reduce((sum, k) => sum + mix[k], 0);
  let roll = Math.random() * total;
  for (const kind of KINDS) {
    roll -= mix[kind];
    if (roll < 0 && mix[kind] > 0) return kind;
  }
  return KINDS.findLast((k) => mix[k] > 0) ?? 'parallel';
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** One request of the given kind, as fetch arguments. */
export function buildRequest(base: string, kind: Kind): { url: string; init: RequestInit } {
  const userId = String(randomInt(1, USER_COUNT));
  const headers: Record<string, string> = {
    baggage: SYNTHETIC_BAGGAGE,
    'user-agent': 'suite-loadgen',
  };
  if (kind === 'checkout') {
    const lines = randomInt(1, 3);
    const items = Array.from({ length: lines }, () => ({
      sku: SKUS[randomInt(0, SKUS.length - 1)] ?? 'BOO-101',
      quantity: randomInt(1, 3),
    }));
    return {
      url: new URL('/api/checkout', base).href,
      init: {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'idempotency-key': `loadgen-${randomUUID()}`,
        },
        body: JSON.stringify({ userId, items }),
      },
    };
  }
  const query =
    kind === 'parallel'
      ? ''
      : kind === 'sequential'
        ? '?strategy=sequential'
        : `?strategy=bounded&concurrency=${randomInt(1, 3)}`;
  return {
    url: new URL(`/api/users/${userId}/dashboard${query}`, base).href,
    init: { headers },
  };
}

/** Sends requests at a steady rate until the count, the duration or the signal ends the run. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const report = options.report ?? ((line: string) => console.log(line));
  const byKind: Record<Kind, number> = { parallel: 0, sequential: 0, bounded: 0, checkout: 0 };
  const outcomes: Record<string, number> = {};
  const allMs: number[] = [];
  let windowMs: number[] = [];
  let sent = 0;
  let skipped = 0;
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();

  const fire = (kind: Kind): void => {
    const { url, init } = buildRequest(options.url, kind);
    const t0 = performance.now();
    const request = fetch(url, {
      ...init,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        return String(response.status);
      })
      .catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return cause ?? (error as Error).name;
      })
      .then((outcome) => {
        const ms = performance.now() - t0;
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        allMs.push(ms);
        windowMs.push(ms);
      });
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const progress = () => {
    const sortedWindow = windowMs.toSorted((a, b) => a - b);
    windowMs = [];
    const kinds = KINDS.filter((k) => byKind[k] > 0)
      .map((k) => `${k} ${byKind[k]}`)
      .join(', ');
    const status = Object.entries(outcomes)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    report(
      `[loadgen] ${Math.round((Date.now() - started) / 1000)}s sent ${sent} (${kinds}) ` +
        `status ${status || '-'} p50 ${Math.round(percentile(sortedWindow, 50, 0))}ms ` +
        `p99 ${Math.round(percentile(sortedWindow, 99, 0))}ms in-flight ${inFlight.size}` +
        (skipped ? ` skipped ${skipped}` : ''),
    );
  };

  const intervalMs = 1000 / options.rate;
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
  let nextReport = started + options.reportEveryMs;
  // Beats are scheduled on absolute times, so a slow event loop does not lower the rate.
  for (let beat = 0; ; beat++) {
    if (options.signal?.aborted) break;
    if (options.count !== undefined && sent >= options.count) break;
    const due = started + beat * intervalMs;
    if (due >= deadline) break;
    const wait = due - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        options.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (options.signal?.aborted) break;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) {
      skipped++;
    } else {
      const kind = pickKind(options.mix);
      byKind[kind]++;
      sent++;
      fire(kind);
    }
    if (Date.now() >= nextReport) {
      progress();
      nextReport += options.reportEveryMs;
    }
  }
  await Promise.all(inFlight);
  windowMs = allMs;
  progress();
  const sorted = allMs.toSorted((a, b) => a - b);
  return {
    sent,
    byKind,
    outcomes,
    skipped,
    p50Ms: percentile(sorted, 50, 0),
    p99Ms: percentile(sorted, 99, 0),
  };
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name}=${JSON.stringify(raw)} must be a number above 0, e.g. ${name}=5`);
  }
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      rate: { type: 'string' },
      mix: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      'report-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = process.env;
  let options: LoadOptions;
  try {
    const duration = positiveNumber('duration', values.duration ?? env['LOADGEN_DURATION']);
    const count = positiveNumber('count', values.count ?? env['LOADGEN_COUNT']);
    options = {
      url: values.url ?? env['BFF_URL'] ?? 'http://127.0.0.1:3000',
      rate: positiveNumber('rate', values.rate ?? env['LOADGEN_RATE']) ?? 2,
      mix: parseMix(values.mix ?? env['LOADGEN_MIX'] ?? DEFAULT_MIX),
      reportEveryMs:
        (positiveNumber('report-every', values['report-every'] ?? env['LOADGEN_REPORT_EVERY']) ??
          5) * 1000,
      ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
      ...(count !== undefined ? { count: Math.ceil(count) } : {}),
    };
  } catch (error) {
    console.error(`loadgen: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  const mix = KINDS.filter((k) => options.mix[k] > 0)
    .map((k) => `${k}=${options.mix[k]}`)
    .join(',');
  console.log(
    `[loadgen] ${options.rate}/s against ${options.url} (mix ${mix}; baggage ${SYNTHETIC_BAGGAGE})` +
      (options.count ? `, ${options.count} requests` : '') +
      (options.durationMs ? `, ${options.durationMs / 1000}s` : ', until stopped'),
  );
  const summary = await runLoad({ ...options, signal: stop.signal });
  const answered = Object.entries(summary.outcomes)
    .filter(([k]) => /^\d+$/.test(k))
    .reduce((sum, [, v]) => sum + v, 0);
  console.log(`[loadgen] done: ${summary.sent} sent, ${answered} answered`);
  if (summary.sent > 0 && answered === 0) {
    console.error(`[loadgen] the BFF at ${options.url} answered nothing: is it running? (--url)`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`loadgen failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}

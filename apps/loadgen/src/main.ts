// The load generator: steady synthetic traffic against the BFF, so that Jaeger fills without clicking.
// `npm run loadgen`, `npx nx serve loadgen`, and the `loadgen` container of docker-compose.yml.
import { parseArgs } from 'node:util';
// The ports table alone (no schemas): the load generator's image carries no npm packages.
import { defaultUrl } from '@suite/contracts/topology';
import { DEFAULT_MIX, KINDS, SYNTHETIC_BAGGAGE, parseMix } from '@suite/traffic';
import { runLoad, type LoadOptions } from './load-runner';

const USAGE = `usage: npm run loadgen -- [options]            (every option also has an environment variable)
  --url URL            the BFF (BFF_URL; default ${defaultUrl('bff')})
  --rate N             requests per second, steady (LOADGEN_RATE; default 2)
  --mix SPEC           weights of the request kinds (LOADGEN_MIX;
                       default parallel=70,sequential=10,bounded=10,checkout=10)
  --duration S         stop after S seconds (LOADGEN_DURATION; default: run until stopped)
  --count N            stop after N requests (LOADGEN_COUNT; default: run until stopped)
  --report-every S     progress line every S seconds (LOADGEN_REPORT_EVERY; default 5)
Requests carry the W3C baggage app.synthetic=true. Ctrl-C or SIGTERM stops after the requests in flight.`;

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
      url: values.url ?? env['BFF_URL'] ?? defaultUrl('bff'),
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

// npm run bench [-- --quick] [-- --only 1,2]: the performance benchmarks of issue 7. Starts what
// each scenario needs as processes on loopback, loads the BFF with autocannon, prints progress and
// a Markdown table, writes bench/results/latest.json and latest.md. Stops everything it started,
// also on failure or Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProcessGroup, findJaeger, freeJaegerPorts, launchJaeger, repoRoot } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { openFileLimits } from './proc';
import { checkTargets, missingKeys, toMarkdown, type BenchReport } from './report';
import {
  FULL,
  QUICK,
  builtApps,
  latencySuiteScenarios,
  throughput,
  type Context,
} from './scenarios';
import { round } from '@suite/traffic';

const USAGE = `usage: npm run bench [-- options]
  --quick          every scenario, shorter runs (under two minutes)
  --only LIST      only these scenarios, e.g. --only 1,2 (1 fan-out, 2 throughput, 3 concurrency,
                   4 dead dependency, 5 footprint)
  --out DIR        where latest.json and latest.md go (default bench/results)`;

/** Open files the 5,000-connection scenario needs in one process (sockets in and out). */
const WANTED_OPEN_FILES = 20_000;

function gitCommit(root: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * Node cannot raise its own open-file limit; a shell can (up to the hard limit): run again under
 * `ulimit -n`, once, when the soft limit is too low for scenario 3.
 */
async function reExecWithMoreFiles(): Promise<number | undefined> {
  const limits = openFileLimits();
  if (!limits || limits.soft >= WANTED_OPEN_FILES || process.env['BENCH_ULIMIT_RAISED'])
    return undefined;
  const target = Math.min(limits.hard, 65_536);
  if (target <= limits.soft) return undefined;
  console.log(`[bench] raising the open-file limit from ${limits.soft} to ${target} (ulimit -n)`);
  const child = spawn(
    'bash',
    [
      '-c',
      'ulimit -n "$0" && exec "$@"',
      String(target),
      process.execPath,
      ...process.execArgv,
      __filename,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_ULIMIT_RAISED: '1' } },
  );
  // Ctrl-C reaches the child directly (same terminal process group); we only wait for it.
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))),
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const want = new Set((values.only ?? '1,2,3,4,5').split(',').map(Number));
  if ([...want].some((n) => !(n >= 1 && n <= 5))) {
    console.error(`--only takes scenario numbers 1 to 5, e.g. --only 1,3\n${USAGE}`);
    return 2;
  }
  const reExec = await reExecWithMoreFiles();
  if (reExec !== undefined) return reExec;

  const root = repoRoot();
  const missing = builtApps(root).filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`not built: ${missing.join(', ')}\nrun npm run build first (npm run bench does)`);
    return 1;
  }
  const started = performance.now();
  const log = (line: string) =>
    console.log(
      `[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`,
    );
  const mode = values.quick ? 'quick' : 'full';
  const workDir = mkdtempSync(join(tmpdir(), 'suite-bench-'));
  const groups = new Set<ProcessGroup>();
  const infra = new ProcessGroup('silent');
  groups.add(infra);
  let sink: OtlpSink | undefined;
  let stopping = false;
  const cleanUp = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([...groups].map((g) => g.stopAll()));
    await sink?.stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping everything the bench started`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const limits = openFileLimits();
  const notes: string[] = [
    `${mode} mode: ${mode === 'quick' ? 'short runs, for checking the harness; take figures from a full run' : 'full-length runs'}.`,
    'The load generator (autocannon) runs on the same machine as the suite and shares its CPUs: compare ratios measured in one run, not absolute numbers across machines.',
  ];
  if (limits && limits.soft < WANTED_OPEN_FILES)
    notes.push(
      `open-file limit ${limits.soft}: scenario 3 may fail with EMFILE; raise ulimit -n to ${WANTED_OPEN_FILES}.`,
    );

  try {
    log(
      `${mode} run on ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // Tracing on means spans leave the process: a real collector (Jaeger) when it is available.
    let collector: string;
    let tracingEnv: NodeJS.ProcessEnv;
    let collectorPid: number | undefined;
    const jaeger = await findJaeger(root, { build: false });
    if (jaeger.binary) {
      process.env['JAEGER_MAX_TRACES'] ??= '20000'; // bounded memory under minutes of load
      const running = await launchJaeger(infra, {
        root,
        binary: jaeger.binary,
        ports: await freeJaegerPorts(),
      });
      collector = `Jaeger v2.13.0 (${jaeger.binary}), OTLP/HTTP protobuf`;
      tracingEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl };
      collectorPid = infra.get('jaeger')?.child.pid;
      log(`Jaeger up: ${running.queryUrl}`);
    } else {
      sink = new OtlpSink();
      const endpoint = await sink.start();
      collector = `the in-process OtlpSink of @suite/testing, OTLP/HTTP JSON (no Jaeger: ${jaeger.reason})`;
      tracingEnv = {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      };
      log(`no Jaeger binary (${jaeger.reason}); exporting to an OtlpSink at ${endpoint}`);
      notes.push('Spans went to the OtlpSink inside the bench process, not to Jaeger.');
    }

    const ctx: Context = {
      root,
      settings: values.quick ? QUICK : FULL,
      tracingEnv,
      groups,
      log,
      workDir,
      ...(collectorPid ? { collectorPid } : {}),
    };
    const report: Partial<BenchReport> = {};
    if ([1, 3, 4, 5].some((n) => want.has(n))) await latencySuiteScenarios(ctx, want, report);
    if (want.has(2)) report.throughput = await throughput(ctx);
    if (report.deadDependency && !report.deadDependency.breakerPresent)
      notes.push(
        'No circuit-open branch was seen with loyalty-service down: the "breaker open" figure is the same phase as "breaker closed".',
      );

    const full: Partial<BenchReport> & Pick<BenchReport, 'meta'> = {
      meta: {
        timestamp: new Date().toISOString(),
        gitCommit: gitCommit(root),
        mode,
        durationS: round((performance.now() - started) / 1000),
        collector,
        machine: {
          cpuCount: cpus().length,
          cpuModel: cpus()[0]?.model ?? 'unknown',
          memoryMb: Math.round(totalmem() / 2 ** 20),
          loadAverage: loadavg().map((l) => round(l, 2)),
        },
        nodeVersion: process.version,
        notes,
      },
      ...report,
    };
    full.targets = checkTargets(full);
    const gaps = missingKeys(full);
    if (gaps.length && want.size === 5) notes.push(`Missing from this report: ${gaps.join(', ')}.`);

    const out = values.out ?? join(root, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    const markdown = toMarkdown(full);
    // Formatted like the rest of the repository, so that `npm run lint` stays green after a run.
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(join(out, 'latest.json'))) ?? {};
    writeFileSync(
      join(out, 'latest.json'),
      await prettier.format(JSON.stringify(full), { ...options, parser: 'json' }),
    );
    writeFileSync(
      join(out, 'latest.md'),
      await prettier.format(markdown, { ...options, parser: 'markdown' }),
    );
    console.log(`\n${markdown}`);
    log(`wrote ${join(out, 'latest.json')} and latest.md`);
    return 0;
  } catch (error) {
    log(`failed: ${(error as Error).message}`);
    return 1;
  } finally {
    log('stopping everything the bench started');
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

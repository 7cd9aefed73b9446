// npm run bench [-- --quick] [-- --only 1,2]: the performance benchmarks. Starts what each scenario
// needs as processes on loopback, loads the BFF with autocannon, prints progress and a Markdown
// table, writes bench/results/latest.json and latest.md. Stops everything it started, also on
// failure or Ctrl-C.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProcessGroup, SERVICE_NAMES, openFileLimits, repoRoot } from '@suite/harness';
import { round } from '@suite/traffic';
import { startCollector, type Collector } from './collector';
import { toMarkdown } from './markdown';
import type { BenchReport } from './report';
import { machine, writeResults } from './results';
import { firstTraces } from './scenarios/first-traces';
import { leafLayers } from './scenarios/leaf-layers';
import { latencySuiteScenarios } from './scenarios/latency-suite';
import { throughput } from './scenarios/throughput';
import { FULL, QUICK, type Context } from './settings';
import { checkTargets, missingKeys } from './targets';
import { WANTED_OPEN_FILES, reExecWithMoreFiles } from './ulimit';

const USAGE = `usage: npm run bench [-- options]
  --quick          every scenario, shorter runs (about three minutes)
  --only LIST      only these scenarios, e.g. --only 1,2 (1 fan-out, 2 throughput, 3 concurrency,
                   4 dead dependency, 5 footprint, 6 first traces after start,
                   7 a leaf request, layer by layer)
  --out DIR        where latest.json and latest.md go (default bench/results)`;

type Mode = BenchReport['meta']['mode'];

/** What the bench runs: the built apps (npm run build). */
function builtApps(root: string): string[] {
  return SERVICE_NAMES.map((n) => join(root, 'apps', n, 'dist', 'main.js'));
}

function startNotes(mode: Mode): string[] {
  const notes = [
    `${mode} mode: ${mode === 'quick' ? 'short runs, for checking the harness; take figures from a full run' : 'full-length runs'}.`,
    'The load generator (autocannon) runs on the same machine as the suite and shares its CPUs: compare ratios measured in one run, not absolute numbers across machines.',
  ];
  const limits = openFileLimits();
  if (limits && limits.soft < WANTED_OPEN_FILES)
    notes.push(
      `open-file limit ${limits.soft}: scenario 3 may fail with EMFILE; raise ulimit -n to ${WANTED_OPEN_FILES}.`,
    );
  return notes;
}

/** Runs the chosen scenarios and writes the report. */
async function measure(
  ctx: Context,
  want: Set<number>,
  {
    mode,
    collector,
    notes,
    started,
    out,
  }: { mode: Mode; collector: Collector; notes: string[]; started: number; out: string },
): Promise<void> {
  const report: Partial<BenchReport> = {};
  if ([1, 3, 4, 5].some((n) => want.has(n))) await latencySuiteScenarios(ctx, want, report);
  if (want.has(2)) report.throughput = await throughput(ctx);
  if (want.has(6)) report.firstTraces = await firstTraces(ctx);
  if (want.has(7)) report.leafLayers = await leafLayers(ctx);
  if (report.deadDependency && !report.deadDependency.breakerPresent)
    notes.push(
      'No circuit-open branch was seen with loyalty-service down: the "breaker open" figure is the same phase as "breaker closed".',
    );
  const full: Partial<BenchReport> & Pick<BenchReport, 'meta'> = {
    meta: {
      timestamp: new Date().toISOString(),
      mode,
      durationS: round((performance.now() - started) / 1000),
      collector: collector.description,
      machine: machine(),
      nodeVersion: process.version,
      notes,
    },
    ...report,
  };
  full.targets = checkTargets(full);
  const gaps = missingKeys(full);
  if (gaps.length && want.size === 7) notes.push(`Missing from this report: ${gaps.join(', ')}.`);
  const markdown = toMarkdown(full);
  await writeResults(out, full, markdown);
  console.log(`\n${markdown}`);
  ctx.log(`wrote ${join(out, 'latest.json')} and latest.md`);
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
  const want = new Set((values.only ?? '1,2,3,4,5,6,7').split(',').map(Number));
  if ([...want].some((n) => !(n >= 1 && n <= 7))) {
    console.error(`--only takes scenario numbers 1 to 7, e.g. --only 1,3\n${USAGE}`);
    return 2;
  }
  const reExec = await reExecWithMoreFiles(__filename);
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
  const mode: Mode = values.quick ? 'quick' : 'full';
  const workDir = mkdtempSync(join(tmpdir(), 'suite-bench-'));
  const groups = new Set<ProcessGroup>();
  const infra = new ProcessGroup('silent');
  groups.add(infra);
  let collector: Collector | undefined;
  let stopping = false;
  const cleanUp = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([...groups].map((g) => g.stopAll()));
    await collector?.sink?.stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping everything the bench started`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const notes = startNotes(mode);
  try {
    log(
      `${mode} run on ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // Tracing on means spans leave the process: a real collector (Jaeger) when it is available.
    collector = await startCollector(root, infra, log);
    if (collector.note) notes.push(collector.note);
    const ctx: Context = {
      root,
      settings: values.quick ? QUICK : FULL,
      tracingEnv: collector.tracingEnv,
      groups,
      log,
      workDir,
      ...(collector.pid ? { collectorPid: collector.pid } : {}),
      readTrace: collector.readTrace,
    };
    const out = values.out ?? join(root, 'bench', 'results');
    await measure(ctx, want, { mode, collector, notes, started, out });
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

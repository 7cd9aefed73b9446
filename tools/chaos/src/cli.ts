// npm run chaos -- list | <experiment>... | all  [--target auto|own|npm-start|compose|kubernetes] [--out <dir>]
import { join, relative } from 'node:path';
import { parseArgs, styleText } from 'node:util';
import { DEFAULT_JAEGER_URL, type FaultTarget, repoRoot, waitForHttp } from '@suite/harness';
import { experimentIds, loadExperiment, type Experiment } from './experiment';
import { runGameDay } from './gameday';
import { writeReportWithMetrics } from './report';
import { runExperiment, type ExperimentResult } from './runner';
import { acquireTarget, type AcquiredTarget, type TargetChoice } from './targets';
import { chaosTracing, type ChaosTracing } from './tracing';

const USAGE = `usage: npm run chaos -- list
       npm run chaos -- <experiment> [<experiment>...] | all [--target auto|own|npm-start|compose|kubernetes] [--out <dir>]
       npm run chaos -- gameday [--minutes N | --seconds N] [--target ...]
  --target  auto (default): a running npm start, else this project's docker compose, else a suite of its own;
            kubernetes: the Helm release HELM_RELEASE (suite) in KUBE_NAMESPACE (tracing), BFF at BFF_URL
  --out     where the JSON and Markdown reports go (default .data/chaos)
  gameday   faults of the catalogue at random moments under steady load for a bounded time (default
            5 minutes), each an event in Jaeger; every fault is cleared at the end, also on Ctrl-C`;

function list(root: string): void {
  for (const id of experimentIds(root)) {
    const e = loadExperiment(root, id);
    const needs = e.needs.length ? styleText('dim', ` (needs: ${e.needs.join(', ')})`) : '';
    console.log(`${styleText('bold', id.padEnd(34))} ${e.title}${needs}`);
  }
}

const log = (line: string) => console.log(line);

/** One experiment against the target, its report written and its outcome printed. */
async function runOne(
  experiment: Experiment,
  target: FaultTarget,
  signal: AbortSignal,
  out: string,
  tracing: ChaosTracing,
): Promise<ExperimentResult> {
  // The previous experiment's rollbacks must have healed the suite before the next one starts.
  await waitForHttp(`${target.bffUrl}/api/users/1/dashboard`, { timeoutMs: 30_000 });
  log(styleText('bold', `\n■ ${experiment.id}: ${experiment.title}`));
  const result = await runExperiment(experiment, {
    target,
    signal,
    log,
    jaegerUrl: process.env['JAEGER_URL'] ?? target.jaegerUrl ?? DEFAULT_JAEGER_URL,
    tracer: tracing.tracer,
  });
  const files = await writeReportWithMetrics(out, result);
  const colour = result.status === 'passed' ? 'green' : 'red';
  log(
    styleText(
      ['bold', colour],
      `${experiment.id}: ${result.status.toUpperCase()} in ${(result.durationMs / 1000).toFixed(1)} s`,
    ) + (result.reason ? ` — ${result.reason}` : ''),
  );
  for (const t of result.typicalTraces.slice(0, 4)) log(`  ${t.what}: ${t.url}`);
  log(`  all traces of this run: ${result.jaeger.search}`);
  if (result.jaeger.runTrace) log(`  the run's own trace: ${result.jaeger.runTrace}`);
  log(`  report: ${relative(process.cwd(), files.markdown)} (and .json)`);
  return result;
}

function summary(results: ExperimentResult[]): void {
  log(styleText('bold', '\nsummary'));
  for (const r of results)
    log(
      `  ${r.status === 'passed' ? '✔' : '✖'} ${r.experiment.padEnd(34)} ${r.status.padEnd(11)} ${(r.durationMs / 1000).toFixed(1)} s`,
    );
}

async function gameDay(
  target: FaultTarget,
  seconds: number,
  signal: AbortSignal,
  tracing: ChaosTracing,
): Promise<boolean> {
  await waitForHttp(`${target.bffUrl}/api/users/1/dashboard`, { timeoutMs: 30_000 });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runId = `gameday.${stamp}`;
  const r = await runGameDay({ target, seconds, signal, log, runId, tracer: tracing.tracer });
  const left = Object.entries(r.leftover).filter(([, n]) => n !== 0);
  log(
    styleText(['bold', r.ok ? 'green' : 'red'], `game day: ${r.ok ? 'PASSED' : 'FAILED'}`) +
      ` — ${r.injected.length} faults in ${r.seconds} s, ${r.requests} requests, ${r.unexpected5xx} unexpected 5xx, ` +
      (left.length
        ? `faults left: ${left.map(([s, n]) => `${s} ${n}`).join(', ')}`
        : 'every fault cleared'),
  );
  const jaeger = (process.env['JAEGER_URL'] ?? target.jaegerUrl ?? DEFAULT_JAEGER_URL).replace(
    /\/$/,
    '',
  );
  if (r.traceId) log(`  the game day's trace (one event per fault): ${jaeger}/trace/${r.traceId}`);
  return r.ok;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const root = repoRoot();
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  if (positionals[0] === 'list') {
    list(root);
    return 0;
  }
  const choice = values.target as TargetChoice;
  if (!['auto', 'own', 'npm-start', 'compose', 'kubernetes'].includes(choice)) {
    console.error(`--target ${choice}? ${USAGE}`);
    return 2;
  }
  const gameday = positionals[0] === 'gameday';
  const seconds = Number(values.seconds ?? Number(values.minutes ?? 5) * 60);
  if (gameday && !(seconds > 0 && seconds <= 3600)) {
    console.error('gameday: --minutes/--seconds must be a number of at most an hour (60 minutes)');
    return 2;
  }
  const ids = gameday ? [] : positionals.includes('all') ? experimentIds(root) : positionals;
  // Every file is validated before anything is touched.
  const experiments: Experiment[] = ids.map((id) => loadExperiment(root, id));
  const out = values.out ?? join(root, '.data', 'chaos');

  const controller = new AbortController();
  let acquired: AcquiredTarget | undefined;
  let interrupts = 0;
  const onSignal = (signal: string) => {
    interrupts++;
    if (interrupts === 1) {
      console.log(
        styleText(
          'yellow',
          `\n${signal}: stopping the method, running the rollbacks… (again to force)`,
        ),
      );
      controller.abort();
    } else {
      console.log(styleText('red', 'forced exit: rollbacks may not have run'));
      void acquired?.release().finally(() => process.exit(130));
    }
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const results: ExperimentResult[] = [];
  let gamedayOk = true;
  let tracing: ChaosTracing | undefined;
  try {
    acquired = await acquireTarget(root, choice, log);
    const { target } = acquired;
    log(`target: ${target.description}`);
    tracing = chaosTracing(acquired.otlpHttpUrl);
    if (gameday) gamedayOk = await gameDay(target, seconds, controller.signal, tracing);
    for (const experiment of experiments) {
      if (controller.signal.aborted) break;
      results.push(await runOne(experiment, target, controller.signal, out, tracing));
    }
  } finally {
    await tracing?.shutdown();
    await acquired?.release();
  }
  if (gameday) return controller.signal.aborted ? 130 : gamedayOk ? 0 : 1;
  if (results.length > 1) summary(results);
  if (controller.signal.aborted) return 130;
  return results.every((r) => r.status === 'passed') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(styleText('red', `npm run chaos failed: ${(error as Error).message}`));
    process.exit(2);
  },
);

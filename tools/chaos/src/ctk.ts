// The commands Chaos Toolkit's process providers call: node tools/chaos/dist/ctk.js <command> ...
// Each prints one JSON line ({"ok": ...}) for the experiment's tolerance and is a span of the run's trace.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot, type FaultTarget, type ServiceName } from '@suite/harness';
import { perform } from './actions';
import { parseCtkCommand, type CtkCommand } from './ctk-args';
import { loadExperimentFile, type Action, type Experiment } from './experiment';
import { evaluatePoint, evaluateTraffic, readBalances } from './probes';
import { degradedSamples } from './run';
import { acquireTarget } from './targets';
import { chaosTracing, endWithOutcome, traceLinks, underParent } from './tracing';
import { Traffic, type Sample } from './traffic';

/** What one `chaos run` shares between its processes: the run id, its root span, the accruals state. */
interface RunState {
  runId: string;
  experiment: string;
  traceId: string;
  spanId: string;
  keeperPid: number;
  startedAt: number;
  baseline?: Record<string, number>;
  checkouts?: Sample[];
}

const root = repoRoot();
const stateDir = join(root, '.data', 'chaos', 'ctk');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The experiment file `chaos run` was given (its command line), or CHAOS_EXPERIMENT_FILE. */
function experimentFile(chaosPid: number): string {
  const fromEnv = process.env['CHAOS_EXPERIMENT_FILE'];
  if (fromEnv) return resolve(fromEnv);
  try {
    const args = readFileSync(`/proc/${chaosPid}/cmdline`, 'utf8').split('\0');
    const file = args.find((a) => a.endsWith('.json') && existsSync(resolve(a)));
    if (file) return resolve(file);
  } catch {
    // not Linux, or not started by chaos
  }
  throw new Error(
    'cannot tell which experiment runs: set CHAOS_EXPERIMENT_FILE=infra/chaos/<name>.json',
  );
}

const statePath = (chaosPid: number) => join(stateDir, `${chaosPid}.json`);
const readState = (chaosPid: number): RunState | undefined => {
  try {
    return JSON.parse(readFileSync(statePath(chaosPid), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
};
const writeState = (chaosPid: number, state: RunState) =>
  writeFileSync(statePath(chaosPid), JSON.stringify(state));

/** The run this process belongs to; the first command of a `chaos run` starts its root span's keeper. */
async function runState(chaosPid: number, experiment: Experiment): Promise<RunState> {
  const current = readState(chaosPid);
  if (current && alive(current.keeperPid)) return current;
  mkdirSync(stateDir, { recursive: true });
  rmSync(statePath(chaosPid), { force: true });
  const keeper = spawn(
    process.execPath,
    [process.argv[1]!, '_keeper', String(chaosPid), experiment.id, experiment.file],
    { detached: true, stdio: 'ignore', cwd: process.cwd() },
  );
  keeper.unref();
  for (let i = 0; i < 100; i++) {
    const state = readState(chaosPid);
    if (state) return state;
    await sleep(50);
  }
  throw new Error('the run span keeper did not start (see .data/chaos/ctk)');
}

/** Holds the run's root span open while `chaos run` lives; ends it with the journal's verdict. */
async function keeper(chaosPid: number, id: string): Promise<void> {
  const tracing = chaosTracing();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runId = process.env['CHAOS_RUN_ID'] ?? `${id}.${stamp}`;
  const span = tracing.tracer.startSpan(`chaos run ${id}`, {
    root: true,
    attributes: {
      'chaos.experiment': runId,
      'chaos.experiment.id': id,
      'chaos.runner': 'chaos run',
    },
  });
  const startedAt = Date.now();
  const { traceId, spanId } = span.spanContext();
  writeState(chaosPid, {
    runId,
    experiment: id,
    traceId,
    spanId,
    keeperPid: process.pid,
    startedAt,
  });
  let stop = false;
  process.on('SIGTERM', () => (stop = true));
  for (let i = 0; i < 4 * 3600 && !stop && alive(chaosPid); i++) await sleep(500);
  const journal = join(process.cwd(), 'journal.json');
  try {
    if (statSync(journal).mtimeMs >= startedAt) {
      const j = JSON.parse(readFileSync(journal, 'utf8')) as {
        status?: string;
        deviated?: boolean;
      };
      span.setAttributes({
        'chaos.status': j.status ?? '?',
        'chaos.deviated': j.deviated ?? false,
      });
      span.setStatus(
        j.status === 'completed' && !j.deviated
          ? { code: 1 }
          : { code: 2, message: j.status ?? '' },
      );
    }
  } catch {
    // no journal (chaos run --journal-path elsewhere): the span says nothing about the verdict
  }
  span.end();
  await tracing.shutdown();
  rmSync(statePath(chaosPid), { force: true });
}

/** npm start, else this project's compose; never a suite of its own (each command is a process). */
async function target(): Promise<FaultTarget> {
  const choice = process.env['CHAOS_TARGET'];
  if (choice === 'kubernetes' || choice === 'compose' || choice === 'npm-start')
    return (await acquireTarget(root, choice, () => undefined)).target;
  try {
    return (await acquireTarget(root, 'npm-start', () => undefined)).target;
  } catch {
    return (await acquireTarget(root, 'compose', () => undefined)).target;
  }
}

type Outcome = { ok: boolean; detail: string; samples?: Sample[]; requests?: number };
const verdict = ({ ok, detail }: { ok: boolean; detail: string }): Outcome => ({ ok, detail });

async function execute(
  c: CtkCommand,
  e: Experiment,
  t: FaultTarget,
  state: RunState,
  chaosPid: number,
): Promise<Outcome> {
  switch (c.command) {
    case 'traffic': {
      const traffic = new Traffic({
        ...e.load,
        bffUrl: t.bffUrl,
        runId: state.runId,
        phase: () => 'during',
        now: () => 0,
      });
      traffic.start();
      await sleep(c.seconds * 1000);
      await traffic.stop();
      const r = evaluateTraffic(
        {
          type: 'traffic',
          name: 'traffic',
          phases: ['during'],
          request: c.request,
          tolerance: c.tolerance,
        },
        'during',
        traffic.samples,
      );
      const latest = readState(chaosPid) ?? state;
      latest.checkouts = [
        ...(latest.checkouts ?? []),
        ...traffic.samples.filter((x) => x.kind === 'checkout'),
      ];
      writeState(chaosPid, latest);
      return {
        ok: r.ok,
        detail: r.detail,
        requests: traffic.samples.length,
        samples: traffic.samples,
      };
    }
    case 'outbox': {
      const probe = {
        type: 'outbox' as const,
        name: 'outbox',
        phases: ['after' as const],
        retryForMs: c.retryForMs,
        tolerance: { maxPending: c.maxPending, maxDead: c.maxDead },
      };
      return verdict(await evaluatePoint(probe, 'after', t, { samples: [] }));
    }
    case 'accruals': {
      const latest = readState(chaosPid) ?? state;
      const [from, to] = e.load.checkoutUsers;
      const users = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
      if (!latest.baseline) {
        latest.baseline = Object.fromEntries(await readBalances(t, users));
        latest.checkouts = [];
        writeState(chaosPid, latest);
        return { ok: true, detail: `baseline balances of users ${from}-${to} recorded` };
      }
      const probe = {
        type: 'accruals' as const,
        name: 'accruals',
        phases: ['after' as const],
        retryForMs: c.retryForMs,
        pointsPerItem: c.pointsPerItem,
      };
      return verdict(
        await evaluatePoint(probe, 'after', t, {
          samples: latest.checkouts ?? [],
          baseline: new Map(Object.entries(latest.baseline)),
        }),
      );
    }
    case 'inject':
      const fault = c.fault as Extract<Action, { type: 'inject' }>['fault'];
      await perform({ type: 'inject', name: 'inject', service: c.service, fault }, t);
      return { ok: true, detail: `injected ${JSON.stringify(c.fault)} into ${c.service}` };
    case 'clear':
      await perform({ type: 'clear-faults', name: 'clear', service: c.service }, t);
      return { ok: true, detail: `cleared the faults of ${c.service}` };
    default:
      await t[c.command](c.service as ServiceName);
      return { ok: true, detail: `${c.command} ${c.service}` };
  }
}

/** The activity of the experiment that runs this command: its name and where it stands. */
function activity(file: string, argv: string[]): { name: string; stage: string } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const stages: [string, unknown][] = [
    ['steady-state', (doc['steady-state-hypothesis'] as { probes?: unknown })?.probes],
    ['method', doc['method']],
    ['rollback', doc['rollbacks']],
  ];
  for (const [stage, list] of stages) {
    for (const a of (list as { name: string; provider?: { arguments?: string[] } }[]) ?? []) {
      if (JSON.stringify(a.provider?.arguments?.slice(1)) === JSON.stringify(argv))
        return { name: a.name, stage };
    }
  }
  return { name: argv.join(' '), stage: 'unknown' };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '_keeper') {
    await keeper(Number(argv[1]), argv[2]!);
    return 0;
  }
  const command = parseCtkCommand(argv);
  const chaosPid = process.ppid;
  const file = experimentFile(chaosPid);
  const experiment = loadExperimentFile(file, basename(file, '.json'));
  const state = await runState(chaosPid, experiment);
  const tracing = chaosTracing();
  const where = activity(file, argv);
  const kind = ['traffic', 'outbox', 'accruals'].includes(command.command) ? 'probe' : where.stage;
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = await execute(command, experiment, await target(), state, chaosPid);
  } catch (error) {
    outcome = { ok: false, detail: (error as Error).message };
  }
  const { samples = [], ...printed } = outcome;
  const span = tracing.tracer.startSpan(
    `${kind === 'probe' ? 'probe' : where.stage}: ${where.name}`,
    {
      startTime: started,
      attributes: {
        'chaos.experiment': state.runId,
        'chaos.stage': where.stage,
        'chaos.command': argv.join(' '),
      },
      links: traceLinks(degradedSamples(samples)),
    },
    underParent(state),
  );
  endWithOutcome(span, outcome.ok, outcome.detail);
  await tracing.shutdown();
  console.log(JSON.stringify({ ...printed, runId: state.runId, traceId: state.traceId }));
  // An action that failed is a failed process; a probe's verdict is in its JSON, for the tolerance.
  return kind !== 'probe' && !outcome.ok ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.log(JSON.stringify({ ok: false, detail: (error as Error).message }));
    console.error(`ctk: ${(error as Error).message}`);
    process.exit(2);
  },
);

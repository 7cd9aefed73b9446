// The commands Chaos Toolkit's process providers call: node tools/chaos/dist/ctk.js <command> ...
// Each prints one JSON line ({"ok": ...}) for the experiment's tolerance and is a span of the run's trace.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot, type FaultTarget, type ServiceName } from '@suite/harness';
import { perform } from './actions';
import { parseCtkCommand, type CtkCommand } from './ctk-args';
import { loadExperimentFile, type Action, type Experiment } from './experiment';
import { evaluatePoint, evaluateTraffic, readBalances } from './probes';
import { degradedSamples } from './run';
import { keeper, readState, runState, writeState, type RunState } from './ctk-state';
import { acquireTarget } from './targets';
import { chaosTracing, endWithOutcome, traceLinks, underParent } from './tracing';
import { Traffic, type Sample } from './traffic';

const root = repoRoot();

/** The experiment file `chaos run` was given (its command line), or CHAOS_EXPERIMENT_FILE. */
function experimentFile(chaosPid: number): string {
  const fromEnv = process.env['CHAOS_EXPERIMENT_FILE'];
  if (fromEnv) return resolve(fromEnv);
  try {
    const args = readFileSync(`/proc/${chaosPid}/cmdline`, 'utf8').split('\0');
    // `chaos run [OPTIONS] SOURCE`: the last .json that is not an option's value (--journal-path).
    const file = args
      .filter((a, i) => a.endsWith('.json') && !args[i - 1]?.startsWith('--'))
      .filter((a) => existsSync(resolve(a)))
      .at(-1);
    if (file) return resolve(file);
  } catch {
    // not Linux, or not started by chaos
  }
  throw new Error(
    'cannot tell which experiment runs: set CHAOS_EXPERIMENT_FILE=infra/chaos/<name>.json',
  );
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
    case 'inject': {
      const fault = c.fault as Extract<Action, { type: 'inject' }>['fault'];
      await perform({ type: 'inject', name: 'inject', service: c.service, fault }, t);
      return { ok: true, detail: `injected ${JSON.stringify(c.fault)} into ${c.service}` };
    }
    case 'clear':
      await perform({ type: 'clear-faults', name: 'clear', service: c.service }, t);
      return { ok: true, detail: `cleared the faults of ${c.service}` };
    case 'kill':
    case 'stop':
    case 'pause':
    case 'resume':
    case 'start':
    case 'restart':
      await t[c.command](c.service as ServiceName);
      return { ok: true, detail: `${c.command} ${c.service}` };
  }
}

/**
 * The activity of the experiment that runs this command, in the order `chaos run` plays them (the
 * steady state before, the method, the steady state after, the rollbacks): the first one with these
 * arguments that has not run yet, so a rollback that repeats a method action is told apart.
 */
function activity(file: string, argv: string[], state: RunState): { name: string; stage: string } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  type A = { name: string; provider?: { arguments?: string[] } };
  const list = (v: unknown) => (Array.isArray(v) ? (v as A[]) : []);
  const steady = list((doc['steady-state-hypothesis'] as { probes?: unknown } | undefined)?.probes);
  const order: [string, A[]][] = [
    ['steady state before', steady],
    ['method', list(doc['method'])],
    ['steady state after', steady],
    ['rollback', list(doc['rollbacks'])],
  ];
  const seen = new Set(state.seen ?? []);
  const all = order.flatMap(([stage, as]) =>
    as.map((a, i) => ({ stage, a, key: `${stage}/${i}` })),
  );
  const match = all.find(
    ({ a, key }) =>
      !seen.has(key) && JSON.stringify(a.provider?.arguments?.slice(1)) === JSON.stringify(argv),
  );
  if (!match) return { name: argv.join(' '), stage: 'unknown' };
  const latest = readState(process.ppid) ?? state;
  latest.seen = [...(latest.seen ?? []), match.key];
  writeState(process.ppid, latest);
  return { name: match.a.name, stage: match.stage };
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
  const where = activity(file, argv, state);
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
    `${kind === 'probe' ? 'probe' : where.stage.replace('method', 'action')}: ${where.name}`,
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

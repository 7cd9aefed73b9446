// npm run bench:ab -- [--a DIR] [--b DIR] [--env-a K=V ...] [--env-b K=V ...] [--rounds 6] [--seconds 8]
// Two builds of the suite (two checkouts, each built), or one build with two settings, started side by
// side with one collector, latency 0, tracing on, and loaded in alternation at 16 connections, the order
// flipped every round: dashboards per second and CPU per dashboard of every process, medians over the
// rounds. Alternating in the same minutes is what makes a 5 % difference visible on a busy machine.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProcessGroup, SERVICE_NAMES, repoRoot } from '@suite/harness';
import { envPairs, medians, type Round } from './ab-rounds';
import { startCollector, type Collector } from './collector';
import { DASHBOARD } from './dashboard';
import { launch, pidOf } from './lifecycle';
import { runLoad } from './load';
import { row } from './markdown';
import { withCpuSplit } from './scenarios/cpu-split';
import { QUICK, type Context } from './settings';

const USAGE = `usage: npm run bench:ab -- [options]
  --a DIR, --b DIR   checkouts to compare, each built (default: this one for both)
  --env-a K=V        environment for side A only (repeatable); --env-b likewise
  --rounds N         rounds, each loads A then B or B then A (default 6)
  --seconds S        seconds of load per side and round (default 8)`;

const CONNECTIONS = 16;
/** Before the first round: the first seconds of load run code V8 has not optimised yet. */
const WARM_UP_S = 5;

function checkout(dir: string | undefined): string {
  const root = dir ? resolve(dir) : repoRoot();
  const missing = SERVICE_NAMES.map((n) => join(root, 'apps', n, 'dist', 'main.js')).filter(
    (f) => !existsSync(f),
  );
  if (missing.length)
    throw new Error(
      `${root} is not built (${missing[0]} missing): run npm ci and npm run build there`,
    );
  return root;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      'env-a': { type: 'string', multiple: true, default: [] },
      'env-b': { type: 'string', multiple: true, default: [] },
      rounds: { type: 'string', default: '6' },
      seconds: { type: 'string', default: '8' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  if (!(rounds >= 1 && seconds >= 1))
    throw new Error(`--rounds and --seconds take numbers\n${USAGE}`);
  const sides = {
    A: { root: checkout(values.a), env: envPairs(values['env-a']) },
    B: { root: checkout(values.b), env: envPairs(values['env-b']) },
  };
  const log = (line: string) => console.log(`[bench:ab] ${line}`);
  const groups = new Set<ProcessGroup>();
  const infra = new ProcessGroup('silent');
  groups.add(infra);
  const workDir = mkdtempSync(join(tmpdir(), 'suite-bench-ab-'));
  const stopAll = () => Promise.allSettled([...groups].map((g) => g.stopAll()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  let collector: Collector | undefined;
  try {
    collector = await startCollector(repoRoot(), infra, log);
    const base = { settings: QUICK, tracingEnv: collector.tracingEnv, groups, log, workDir };
    const targets = [];
    for (const [name, side] of Object.entries(sides)) {
      const ctx: Context = { ...base, root: side.root };
      const env = { ...collector.tracingEnv, LATENCY: 'off', ...side.env };
      const { group, suite } = await launch(ctx, `${name}: ${side.root}`, env);
      const pids = Object.fromEntries(SERVICE_NAMES.map((s) => [s, pidOf(group, s)]));
      if (collector.pid) pids['jaeger'] = collector.pid;
      const url = `${suite.urls.bff}${DASHBOARD}`;
      await runLoad({ url, connections: CONNECTIONS, durationS: WARM_UP_S });
      targets.push({ name, url, pids, rounds: [] as Round[] });
    }
    for (let r = 1; r <= rounds; r++) {
      for (const t of r % 2 ? targets : [...targets].reverse()) {
        const { run, cpuMsPerAnswer } = await withCpuSplit(t.pids, () =>
          runLoad({ url: t.url, connections: CONNECTIONS, durationS: seconds }),
        );
        t.rounds.push({ okRps: run.okRps, cpuMs: cpuMsPerAnswer });
        log(
          `round ${r}/${rounds}, ${t.name}: ${run.okRps} dashboards/s, CPU ${cpuMsPerAnswer['total']} ms per dashboard`,
        );
      }
    }
    const summary = targets.map((t) => ({ name: t.name, ...medians(t.rounds) }));
    const processes = Object.keys(summary[0]?.cpuMs ?? {});
    console.log(
      [
        `\nMedians of ${rounds} rounds, ${CONNECTIONS} connections, ${seconds} s each; CPU ms per dashboard.\n`,
        row(['side', 'dashboards/s', ...processes]),
        row(['---', ...Array<string>(processes.length + 1).fill('---:')]),
        ...summary.map((s) => row([s.name, s.okRps, ...processes.map((p) => s.cpuMs[p] ?? '')])),
      ].join('\n'),
    );
  } finally {
    await stopAll();
    await collector?.sink?.stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:ab failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

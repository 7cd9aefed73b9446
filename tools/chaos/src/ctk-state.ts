// The state one `chaos run` shares between the ctk processes it starts (keyed by its pid), and the
// keeper process that holds the run's root span open until `chaos run` ends.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '@suite/harness';
import type { Experiment } from './experiment';
import { chaosTracing } from './tracing';
import type { Sample } from './traffic';

/** What one `chaos run` shares between its processes: the run id, its root span, the accruals state. */
export interface RunState {
  runId: string;
  experiment: string;
  traceId: string;
  spanId: string;
  keeperPid: number;
  startedAt: number;
  baseline?: Record<string, number>;
  checkouts?: Sample[];
  /** Activities already run (stage/index), to tell apart two with the same command. */
  seen?: string[];
}

const stateDir = join(repoRoot(), '.data', 'chaos', 'ctk');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const statePath = (chaosPid: number) => join(stateDir, `${chaosPid}.json`);
export const readState = (chaosPid: number): RunState | undefined => {
  try {
    return JSON.parse(readFileSync(statePath(chaosPid), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
};
export const writeState = (chaosPid: number, state: RunState) =>
  writeFileSync(statePath(chaosPid), JSON.stringify(state));

/** The run this process belongs to; the first command of a `chaos run` starts its root span's keeper. */
export async function runState(chaosPid: number, experiment: Experiment): Promise<RunState> {
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

/** Where `chaos run` writes its journal: --journal-path, else journal.json in its folder. */
function journalPath(chaosPid: number): string {
  try {
    const args = readFileSync(`/proc/${chaosPid}/cmdline`, 'utf8').split('\0');
    const i = args.indexOf('--journal-path');
    if (i > 0 && args[i + 1]) return resolve(args[i + 1]!);
  } catch {
    // not readable: the default
  }
  return join(process.cwd(), 'journal.json');
}

/** Holds the run's root span open while `chaos run` lives; ends it with the journal's verdict. */
export async function keeper(chaosPid: number, id: string): Promise<void> {
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
  const journal = journalPath(chaosPid);
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

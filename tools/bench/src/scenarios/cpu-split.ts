import { cpuTimeMs } from '@suite/harness';
import { round } from '@suite/traffic';
import type { LoadResult } from '../load';

/** The load generator's share: autocannon runs inside the bench process. */
const LOAD_GENERATOR = 'load generator';

/**
 * CPU time each process spent per 2xx answer during `load` (a dashboard, or one service's request):
 * where its cost goes, process by process, measured on the very run that gave the throughput.
 */
export async function withCpuSplit(
  pids: Record<string, number>,
  load: () => Promise<LoadResult>,
  digits = 2,
): Promise<{ run: LoadResult; cpuMsPerAnswer: Record<string, number> }> {
  const before = Object.entries(pids).map(([name, pid]) => ({ name, pid, ms: cpuTimeMs(pid) }));
  const self = process.cpuUsage();
  const run = await load();
  const selfUsed = process.cpuUsage(self);
  const answers = Math.max(1, run.statusCodes['200'] ?? 0);
  const used: Record<string, number> = Object.fromEntries(
    before.map(({ name, pid, ms }) => [name, cpuTimeMs(pid) - ms]),
  );
  used[LOAD_GENERATOR] = (selfUsed.user + selfUsed.system) / 1000;
  const cpuMsPerAnswer = Object.fromEntries(
    Object.entries(used).map(([n, ms]) => [n, round(ms / answers, digits)]),
  );
  cpuMsPerAnswer['total'] = round(Object.values(used).reduce((a, b) => a + b, 0) / answers, digits);
  return { run, cpuMsPerAnswer };
}

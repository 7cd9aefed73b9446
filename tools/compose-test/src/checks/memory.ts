import { runOrThrow } from '@suite/harness';
import type { ComposeProject } from '../compose';
import { check, info } from '../log';

/** docker stats' "12.5MiB" (or kB, GiB, B) in MiB; 0 for what it cannot read. */
export function mib(text: string): number {
  const match = /^([\d.]+)\s*([KMG]i?B|B)$/.exec(text.trim());
  if (!match) return 0;
  const value = Number(match[1]);
  const unit = match[2] ?? 'B';
  if (unit.startsWith('G')) return value * 1024;
  if (unit.startsWith('M')) return value;
  if (unit.startsWith('K')) return value / 1024;
  return value / 1024 / 1024;
}

/** The memory of every container of the project, under the 700 MiB budget; the total in MiB. */
export async function checkMemory(compose: ComposeProject): Promise<number> {
  const ids = (await compose.run(['ps', '-q'])).stdout.trim().split('\n').filter(Boolean);
  const stats = await runOrThrow('docker', [
    'stats',
    '--no-stream',
    '--format',
    '{{.Name}}\t{{.MemUsage}}',
    ...ids,
  ]);
  let total = 0;
  for (const line of stats.stdout.trim().split('\n')) {
    const [name, usage] = line.split('\t');
    const used = mib((usage ?? '').split('/')[0] ?? '');
    total += used;
    info(`${(name ?? '').padEnd(44)} ${used.toFixed(1).padStart(7)} MiB`);
  }
  info(`total ${total.toFixed(0)} MiB`);
  check(total < 700, `the suite uses ${total.toFixed(0)} MiB, budget 700 MiB`);
  return total;
}

/** The load generator's progress lines show answered requests. */
export async function checkLoadgen(compose: ComposeProject): Promise<void> {
  const loadgenLog = (await compose.run(['logs', '--no-color', 'loadgen'])).stdout;
  const progress = loadgenLog
    .split('\n')
    .filter((l) => l.includes('[loadgen]') && l.includes(' sent '));
  const last = progress.at(-1) ?? '';
  check(/status .*\b200:\d+/.test(last), `no answered requests in the loadgen's progress: ${last}`);
  info(last.replace(/^.*?\[loadgen\]/, '[loadgen]'));
}

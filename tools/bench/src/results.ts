// Writing bench/results/latest.json and latest.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { round } from '@suite/traffic';
import type { BenchReport } from './report';

/** The machine the run measured: figures only compare within one machine. */
export function machine(): BenchReport['meta']['machine'] {
  return {
    cpuCount: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

/** Formatted like the rest of the repository, so that `npm run lint` stays green after a run. */
export async function writeResults(out: string, report: unknown, markdown: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(join(out, 'latest.json'))) ?? {};
  writeFileSync(
    join(out, 'latest.json'),
    await prettier.format(JSON.stringify(report), { ...options, parser: 'json' }),
  );
  writeFileSync(
    join(out, 'latest.md'),
    await prettier.format(markdown, { ...options, parser: 'markdown' }),
  );
}

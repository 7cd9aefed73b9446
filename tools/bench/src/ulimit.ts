import { spawn } from 'node:child_process';
import { openFileLimits } from '@suite/harness';

/** Open files the 5,000-connection scenario needs in one process (sockets in and out). */
export const WANTED_OPEN_FILES = 20_000;

/**
 * Node cannot raise its own open-file limit; a shell can (up to the hard limit): run `script` again
 * under `ulimit -n`, once, when the soft limit is too low for scenario 3. Its exit code, or undefined
 * when this process should go on itself.
 */
export async function reExecWithMoreFiles(script: string): Promise<number | undefined> {
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
      script,
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

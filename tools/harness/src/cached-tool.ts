import { execFile } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A tool's binary from its infra/<tool>/ensure-<tool>.sh (stdout: the path), or why there is none
 * (the last line the script wrote). `build: false` never starts a build from a Go module.
 */
export async function findCachedTool(
  root: string,
  script: string,
  { build, env = process.env }: { build: boolean; env?: NodeJS.ProcessEnv },
): Promise<{ binary?: string; reason?: string }> {
  const path = join(root, script);
  try {
    const { stdout } = await promisify(execFile)('bash', build ? [path] : [path, '--no-build'], {
      env,
      maxBuffer: 1 << 20,
    });
    return { binary: stdout.trim() };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    return { reason: stderr.split('\n').filter(Boolean).pop() ?? `${basename(script)} failed` };
  }
}

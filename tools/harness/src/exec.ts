import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Stream the output, indented, as it comes (it is collected too). */
  show?: boolean;
  /** SIGKILL after this long (the result then has the exit code of a killed process). */
  timeoutMs?: number;
}

/** A command that exited non-zero: the message holds the command and the last lines it printed. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    const output = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    super(`\`${command}\` failed (exit ${result.code}):\n${output}`);
  }
}

/** Runs a command to its end and collects its output; never throws (exit 127 when it cannot start). */
export function run(
  command: string,
  args: string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const relay = (chunk: Buffer, into: 'out' | 'err') => {
      const text = chunk.toString();
      if (into === 'out') stdout += text;
      else stderr += text;
      if (!options.show) return;
      for (const line of text.split('\n').filter((l) => l.trim())) {
        process.stdout.write(`      ${line}\n`);
      }
    };
    child.stdout.on('data', (c: Buffer) => relay(c, 'out'));
    child.stderr.on('data', (c: Buffer) => relay(c, 'err'));
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** `run`, but a non-zero exit throws CommandFailed. */
export async function runOrThrow(
  command: string,
  args: string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new CommandFailed(`${command} ${args.join(' ')}`, result);
  return result;
}

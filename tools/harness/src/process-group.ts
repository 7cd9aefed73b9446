import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { styleText } from 'node:util';

type Colour = Parameters<typeof styleText>[0];
const COLOURS: Colour[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

/** `prefixed`: print every line with the process name; `silent`: keep quiet; a function: hand it each line. */
export type OutputMode = 'prefixed' | 'silent' | ((name: string, line: string) => void);

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed, to explain a failure. */
  tail: string[];
  exited: boolean;
}

/**
 * Child processes that live and die together: prefixed, coloured output per process, and a stop()
 * that sends SIGTERM, waits, then SIGKILLs whatever is left.
 */
export class ProcessGroup {
  private readonly processes = new Map<string, ManagedProcess>();
  private colourIndex = 0;

  constructor(private readonly output: OutputMode = 'prefixed') {}

  spawn(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): ManagedProcess {
    const colour = COLOURS[this.colourIndex++ % COLOURS.length]!;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed: ManagedProcess = { name, child, tail: [], exited: false };
    const prefix = `${styleText(colour, name.padEnd(23))}│ `;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        managed.tail.push(line);
        if (managed.tail.length > 20) managed.tail.shift();
        if (this.output === 'prefixed') process.stdout.write(`${prefix}${line}\n`);
        else if (typeof this.output === 'function') this.output(name, line);
      });
    }
    child.once('exit', () => (managed.exited = true));
    this.processes.set(name, managed);
    return managed;
  }

  get(name: string): ManagedProcess | undefined {
    return this.processes.get(name);
  }

  /** Stops one process: SIGTERM, then SIGKILL after `graceMs`. */
  async stopOne(name: string, graceMs = 5000): Promise<void> {
    const managed = this.processes.get(name);
    if (!managed || managed.exited) return;
    const exited = new Promise<void>((resolve) => managed.child.once('exit', () => resolve()));
    managed.child.kill('SIGTERM');
    const timer = setTimeout(() => managed.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Stops everything, the last started first. */
  async stopAll(graceMs = 5000): Promise<void> {
    const names = [...this.processes.keys()].reverse();
    await Promise.all(names.map((name) => this.stopOne(name, graceMs)));
  }
}

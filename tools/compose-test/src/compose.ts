// One compose project of the suite: the compose command that works here, and what the test asks of it.
import { setTimeout as sleep } from 'node:timers/promises';
import { run, runOrThrow, type CommandOptions } from '@suite/harness';
import { CheckFailed, info, seconds } from './log';

interface ContainerState {
  Status: string;
  ExitCode: number;
  Health?: { Status: string };
}

export class ComposeProject {
  /** Environment for every compose command (images, published ports, the project name). */
  env: NodeJS.ProcessEnv = {};
  /** Set once `up` was asked for: from then on the clean-up runs `down`. */
  upDone = false;

  constructor(
    readonly command: string,
    readonly prefix: string[],
    readonly project: string,
    private readonly root: string,
  ) {}

  /** `<compose> -p <project> <args>`; a failure throws with its last lines of output. */
  run(args: string[], options: CommandOptions = {}) {
    return runOrThrow(this.command, [...this.prefix, '-p', this.project, ...args], {
      cwd: this.root,
      ...options,
      env: { ...this.env, ...options.env },
    });
  }

  /** `down -v --remove-orphans`, never throwing: for the clean-up. */
  down() {
    return run(
      this.command,
      [...this.prefix, '-p', this.project, 'down', '-v', '--remove-orphans'],
      {
        cwd: this.root,
        env: this.env,
        timeoutMs: 120_000,
      },
    );
  }

  async containerId(service: string): Promise<string> {
    const { stdout } = await this.run(['ps', '-q', service]);
    return stdout.trim();
  }

  async state(service: string): Promise<ContainerState | undefined> {
    const id = await this.containerId(service);
    if (!id) return undefined;
    const { stdout } = await runOrThrow('docker', ['inspect', '-f', '{{json .State}}', id]);
    return JSON.parse(stdout) as ContainerState;
  }

  /** Waits until every named service reports healthy; prints each one as it gets there. */
  async waitHealthy(names: readonly string[], since: number, timeoutMs = 120_000): Promise<void> {
    const pending = new Set(names);
    const deadline = Date.now() + timeoutMs;
    let lastReport = 0;
    while (pending.size > 0) {
      for (const name of [...pending]) {
        const s = await this.state(name);
        if (s?.Health?.Status === 'healthy') {
          pending.delete(name);
          info(`${name.padEnd(24)} healthy after ${seconds(Date.now() - since)}`);
        } else if (s && s.Status !== 'running' && s.Status !== 'created') {
          const logs = await this.run(['logs', '--tail=30', name]).catch((e: Error) => e.message);
          throw new CheckFailed(`${name} is ${s.Status} (exit ${s.ExitCode}):\n${String(logs)}`);
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        throw new CheckFailed(
          `not healthy after ${seconds(timeoutMs)}: ${[...pending].join(', ')}`,
        );
      }
      if (Date.now() - lastReport > 5_000) {
        lastReport = Date.now();
        info(`waiting for ${[...pending].join(', ')}…`);
      }
      await sleep(500);
    }
  }
}

/** `docker compose` (the plugin) or `docker-compose`, whichever works; COMPOSE chooses. */
export async function pickCompose(project: string, root: string): Promise<ComposeProject> {
  const wanted = process.env['COMPOSE'];
  for (const candidate of wanted ? [wanted] : ['docker compose', 'docker-compose']) {
    const [command = 'docker-compose', ...prefix] = candidate.split(' ');
    const version = await run(command, [...prefix, 'version', '--short']);
    if (version.code === 0) {
      info(`${candidate} ${version.stdout.trim()}`);
      if (candidate === 'docker-compose' && !wanted) {
        info('(the docker compose v2 plugin is not installed here; the file is v2-compatible too)');
      }
      return new ComposeProject(command, prefix, project, root);
    }
  }
  throw new CheckFailed(
    wanted
      ? `COMPOSE='${wanted}' does not work here: ${wanted === 'docker compose' ? 'bash infra/docker/ensure-compose-plugin.sh builds the plugin' : 'apt-get install docker-compose'}, or unset COMPOSE`
      : 'neither `docker compose` nor `docker-compose` works: bash infra/docker/ensure-compose-plugin.sh builds the plugin, or apt-get install docker-compose',
  );
}

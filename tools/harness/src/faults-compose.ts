import { setTimeout as sleep } from 'node:timers/promises';
import { runOrThrow } from './exec';
import { IN_CONTAINER_FETCH, inContainerAnswer } from './in-container-fetch';
import { httpCall, type FaultTarget, type HttpAnswer, type HttpCall } from './faults';
import type { ServiceName } from '@suite/contracts';

async function cli(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return (await runOrThrow(command, args, { timeoutMs })).stdout.trim();
}

/** `docker compose` (v2 plugin) when present, else `docker-compose` (1.29); undefined without either. */
export async function composeCommand(): Promise<string[] | undefined> {
  try {
    await cli('docker', ['compose', 'version'], 10_000);
    return ['docker', 'compose'];
  } catch {
    try {
      await cli('docker-compose', ['version'], 10_000);
      return ['docker-compose'];
    } catch {
      return undefined;
    }
  }
}

/** The compose services of `project` that have a container (running or not). */
export async function composeServices(project: string): Promise<string[]> {
  try {
    const out = await cli(
      'docker',
      [
        'ps',
        '--all',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--format',
        '{{.Label "com.docker.compose.service"}}',
      ],
      10_000,
    );
    return [...new Set(out.split('\n').filter(Boolean))];
  } catch {
    return [];
  }
}

/**
 * docker compose containers of one project: `docker kill`, `docker stop`, `docker pause`/`unpause`,
 * `<compose> start`. Services that are not published are reached with `docker exec … node -e fetch`.
 */
export class ComposeTarget implements FaultTarget {
  readonly kind = 'compose' as const;
  readonly description: string;

  constructor(
    private readonly project: string,
    private readonly compose: string[],
    readonly bffUrl: string,
    readonly jaegerUrl: string,
    readonly chaosToken?: string,
  ) {
    this.description = `docker compose project "${project}" (${compose.join(' ')})`;
  }

  private async container(service: ServiceName): Promise<string> {
    const id = await cli('docker', [
      'ps',
      '--all',
      '--quiet',
      '--filter',
      `label=com.docker.compose.project=${this.project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    ]);
    const first = id.split('\n').find(Boolean);
    if (!first) throw new Error(`no container of ${service} in compose project ${this.project}`);
    return first;
  }

  async kill(service: ServiceName): Promise<void> {
    await cli('docker', ['kill', '--signal', 'KILL', await this.container(service)]);
  }

  async stop(service: ServiceName): Promise<void> {
    await cli('docker', ['stop', await this.container(service)]);
  }

  async pause(service: ServiceName): Promise<void> {
    await cli('docker', ['pause', await this.container(service)]);
  }

  async resume(service: ServiceName): Promise<void> {
    await cli('docker', ['unpause', await this.container(service)]);
  }

  async start(service: ServiceName): Promise<void> {
    const id = await this.container(service);
    const state = await cli('docker', ['inspect', '--format', '{{.State.Status}}', id]);
    if (state === 'paused') await cli('docker', ['unpause', id]);
    else if (state !== 'running') {
      const [command, ...args] = this.compose;
      await cli(command!, [...args, '--project-name', this.project, 'start', service]);
    }
    await this.waitHealthy(service, id);
  }

  async restart(service: ServiceName): Promise<void> {
    await this.stop(service);
    await this.start(service);
  }

  private async waitHealthy(service: ServiceName, id: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const health = await cli('docker', [
        'inspect',
        '--format',
        '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}',
        id,
      ]);
      if (health === 'healthy' || health === 'running') return;
      await sleep(500);
    }
    throw new Error(`${service} did not become healthy within 60 s: docker logs ${id}`);
  }

  async http(service: ServiceName, call: HttpCall): Promise<HttpAnswer> {
    if (service === 'bff') return httpCall(this.bffUrl, call);
    // The four services are not published: ask from inside their own container.
    const started = performance.now();
    const init = {
      method: call.method ?? 'GET',
      headers: {
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...call.headers,
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
    };
    try {
      const out = await cli(
        'docker',
        [
          'exec',
          await this.container(service),
          'node',
          '-e',
          IN_CONTAINER_FETCH,
          call.path,
          JSON.stringify(init),
        ],
        call.timeoutMs ?? 10_000,
      );
      return inContainerAnswer(out, started);
    } catch (error) {
      return {
        status: 0,
        body: undefined,
        ms: performance.now() - started,
        error: (error as Error).message,
      };
    }
  }
}

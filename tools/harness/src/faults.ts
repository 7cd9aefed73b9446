import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceName } from '@suite/contracts';

export const PROCESS_FAULTS = ['kill', 'stop', 'pause', 'resume', 'start', 'restart'] as const;
export type ProcessFault = (typeof PROCESS_FAULTS)[number];

export interface HttpCall {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Path and query, e.g. /admin/chaos/faults */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export interface HttpAnswer {
  /** 0 when no answer came (refused, reset, timed out). */
  status: number;
  body: unknown;
  ms: number;
  error?: string;
}

/**
 * Process and container faults behind one interface, so an experiment reads the same against local
 * processes and against docker compose containers.
 */
export interface FaultTarget {
  /** `own`: processes this tool started; `npm-start`: a running `npm start`; `compose`: containers; `kubernetes`: pods of the Helm chart. */
  readonly kind: 'own' | 'npm-start' | 'compose' | 'kubernetes';
  readonly description: string;
  readonly bffUrl: string;
  /** Jaeger's UI, for trace links. */
  readonly jaegerUrl?: string;
  /** The services' CHAOS_ADMIN_TOKEN, when this target knows it. */
  readonly chaosToken?: string;
  /** SIGKILL: no shutdown, no flush: a crash. */
  kill(service: ServiceName): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(service: ServiceName): Promise<void>;
  /** SIGSTOP (docker pause): the process hangs, its port still accepts connections. */
  pause(service: ServiceName): Promise<void>;
  resume(service: ServiceName): Promise<void>;
  /** Starts a stopped or killed service again and waits until it is ready. */
  start(service: ServiceName): Promise<void>;
  restart(service: ServiceName): Promise<void>;
  /** One HTTP call to a service from where it is reachable (inside its container for compose). */
  http(service: ServiceName, call: HttpCall): Promise<HttpAnswer>;
}

/** Plain fetch with a time limit; never throws (status 0 and the reason instead). */
export async function httpCall(baseUrl: string, call: HttpCall): Promise<HttpAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(new URL(call.path, baseUrl), {
      method: call.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...call.headers,
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(call.timeoutMs ?? 5000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, ms: performance.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      status: 0,
      body: undefined,
      ms: performance.now() - started,
      error: cause ?? (error as Error).name ?? String(error),
    };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await sleep(50);
  }
  return !alive(pid);
}

export interface LocalProcesses {
  kind: 'own' | 'npm-start';
  description: string;
  bffUrl: string;
  jaegerUrl?: string;
  chaosToken?: string;
  urls: Record<ServiceName, string>;
  /** The current pid of a service (it changes with every start), undefined when not running. */
  pid(service: ServiceName): Promise<number | undefined> | number | undefined;
  /** Spawns the service again and waits until it is ready. */
  spawn(service: ServiceName): Promise<void>;
}

/** Local processes: signals by pid, start through whoever owns the process group. */
export class LocalProcessTarget implements FaultTarget {
  readonly kind: 'own' | 'npm-start';
  readonly description: string;
  readonly bffUrl: string;
  readonly jaegerUrl?: string;
  readonly chaosToken?: string;

  constructor(private readonly processes: LocalProcesses) {
    this.kind = processes.kind;
    this.description = processes.description;
    this.bffUrl = processes.bffUrl;
    if (processes.jaegerUrl) this.jaegerUrl = processes.jaegerUrl;
    if (processes.chaosToken) this.chaosToken = processes.chaosToken;
  }

  private async running(service: ServiceName): Promise<number> {
    const pid = await this.processes.pid(service);
    if (pid === undefined || !alive(pid)) {
      throw new Error(`${service} is not running: start it first (action "start")`);
    }
    return pid;
  }

  async kill(service: ServiceName): Promise<void> {
    const pid = await this.running(service);
    process.kill(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 10_000)))
      throw new Error(`${service} (pid ${pid}) survived SIGKILL`);
  }

  async stop(service: ServiceName): Promise<void> {
    const pid = await this.running(service);
    // A paused process cannot act on SIGTERM until it runs again.
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 10_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    }
  }

  async pause(service: ServiceName): Promise<void> {
    process.kill(await this.running(service), 'SIGSTOP');
  }

  async resume(service: ServiceName): Promise<void> {
    process.kill(await this.running(service), 'SIGCONT');
  }

  async start(service: ServiceName): Promise<void> {
    const pid = await this.processes.pid(service);
    if (pid !== undefined && alive(pid)) {
      // Idempotent, so a rollback may always say "start": a paused one is resumed instead.
      process.kill(pid, 'SIGCONT');
      return;
    }
    await this.processes.spawn(service);
  }

  async restart(service: ServiceName): Promise<void> {
    const pid = await this.processes.pid(service);
    if (pid !== undefined && alive(pid)) await this.stop(service);
    await this.processes.spawn(service);
  }

  http(service: ServiceName, call: HttpCall): Promise<HttpAnswer> {
    return httpCall(this.processes.urls[service], call);
  }
}

/** A suite this process launched (launchSuite on a ProcessGroup) as a fault target. */
export function ownSuiteTarget(
  group: { get(name: string): { child: { pid?: number }; exited: boolean } | undefined },
  suite: { urls: Record<ServiceName, string>; start(name: ServiceName): Promise<void> },
  options: { description: string; jaegerUrl?: string; chaosToken?: string },
): LocalProcessTarget {
  return new LocalProcessTarget({
    kind: 'own',
    description: options.description,
    bffUrl: suite.urls.bff,
    ...(options.jaegerUrl ? { jaegerUrl: options.jaegerUrl } : {}),
    ...(options.chaosToken ? { chaosToken: options.chaosToken } : {}),
    urls: suite.urls,
    pid: (service) => {
      const managed = group.get(service);
      return managed && !managed.exited ? managed.child.pid : undefined;
    },
    spawn: (service) => suite.start(service),
  });
}

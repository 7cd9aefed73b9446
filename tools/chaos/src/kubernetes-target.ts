import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  IN_CONTAINER_FETCH,
  httpCall,
  inContainerAnswer,
  type FaultTarget,
  type HttpAnswer,
  type HttpCall,
  type ServiceName,
} from '@suite/harness';

/** Runs `kubectl <args>` and resolves to its trimmed stdout; injectable so tests need no cluster. */
export type KubectlRunner = (args: string[], timeoutMs: number) => Promise<string>;

const exec = promisify(execFile);

export const kubectl: KubectlRunner = async (args, timeoutMs) => {
  try {
    const { stdout } = await exec('kubectl', args, { timeout: timeoutMs, maxBuffer: 4 << 20 });
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
};

export interface KubernetesTargetOptions {
  /** The Helm release name: resources are <release>-<service>. */
  release: string;
  namespace: string;
  /** kubectl --context; the current context when absent. */
  context?: string;
  /** Where this machine reaches the BFF and Jaeger's UI (e.g. kubectl port-forward). */
  bffUrl: string;
  jaegerUrl?: string;
  chaosToken?: string;
  runner?: KubectlRunner;
  /** How long start/restart wait for the rollout. */
  readyTimeoutS?: number;
}

/**
 * The pods of the Helm chart (infra/helm): kill deletes a pod at once (the Deployment replaces it),
 * stop scales the Deployment to zero, start scales it back and waits for the rollout.
 */
export class KubernetesTarget implements FaultTarget {
  readonly kind = 'kubernetes' as const;
  readonly description: string;
  readonly bffUrl: string;
  readonly jaegerUrl?: string;
  readonly chaosToken?: string;
  private readonly run: KubectlRunner;
  private readonly readyTimeoutS: number;
  /** Replica counts seen before a stop, so start restores them. */
  private readonly stoppedAt = new Map<ServiceName, number>();

  constructor(private readonly options: KubernetesTargetOptions) {
    this.description = `Helm release "${options.release}" in namespace ${options.namespace}`;
    this.bffUrl = options.bffUrl;
    if (options.jaegerUrl) this.jaegerUrl = options.jaegerUrl;
    if (options.chaosToken) this.chaosToken = options.chaosToken;
    this.run = options.runner ?? kubectl;
    this.readyTimeoutS = options.readyTimeoutS ?? 120;
  }

  private kubectl(args: string[], timeoutMs = 60_000): Promise<string> {
    const scope = [
      ...(this.options.context ? ['--context', this.options.context] : []),
      '--namespace',
      this.options.namespace,
    ];
    return this.run([...scope, ...args], timeoutMs);
  }

  private deployment(service: ServiceName): string {
    return `deployment/${this.options.release}-${service}`;
  }

  private selector(service: ServiceName): string {
    return `app.kubernetes.io/instance=${this.options.release},app.kubernetes.io/component=${service}`;
  }

  private async pods(service: ServiceName): Promise<string[]> {
    const out = await this.kubectl([
      'get',
      'pods',
      '--selector',
      this.selector(service),
      '--field-selector',
      'status.phase=Running',
      '--output',
      'jsonpath={.items[*].metadata.name}',
    ]);
    return out.split(/\s+/).filter(Boolean);
  }

  /** A crash: one pod deleted with no grace period; its Deployment starts a new one. */
  async kill(service: ServiceName): Promise<void> {
    const [pod] = await this.pods(service);
    if (!pod) throw new Error(`${service} has no running pod: start it first (action "start")`);
    await this.kubectl(['delete', 'pod', pod, '--grace-period=0', '--force', '--wait=false']);
  }

  /** A graceful stop: the Deployment scaled to zero (SIGTERM, drain), waiting until its pods are gone. */
  async stop(service: ServiceName): Promise<void> {
    const replicas = Number(
      await this.kubectl([
        'get',
        this.deployment(service),
        '--output',
        'jsonpath={.spec.replicas}',
      ]),
    );
    if (replicas > 0) this.stoppedAt.set(service, replicas);
    await this.kubectl(['scale', this.deployment(service), '--replicas=0']);
    await this.kubectl(
      ['wait', '--for=delete', 'pod', '--selector', this.selector(service), '--timeout=60s'],
      70_000,
    );
  }

  pause(service: ServiceName): Promise<void> {
    // kubectl cannot SIGSTOP a container's PID 1 (the kernel ignores it inside the pod's namespace).
    return Promise.reject(
      new Error(
        `pause is not available on Kubernetes (${service}): use the chaos API's "hang" fault (CHAOS_ADMIN_TOKEN) or "stop"`,
      ),
    );
  }

  /** Nothing can be paused here (see pause), so there is nothing to resume. */
  resume(): Promise<void> {
    return Promise.resolve();
  }

  /** Scales back to the replicas it had before stop (1 if unknown) and waits for the rollout. */
  async start(service: ServiceName): Promise<void> {
    const current = Number(
      await this.kubectl([
        'get',
        this.deployment(service),
        '--output',
        'jsonpath={.spec.replicas}',
      ]),
    );
    if (current === 0) {
      const replicas = this.stoppedAt.get(service) ?? 1;
      await this.kubectl(['scale', this.deployment(service), `--replicas=${replicas}`]);
      this.stoppedAt.delete(service);
    }
    await this.rollout(service);
  }

  async restart(service: ServiceName): Promise<void> {
    await this.kubectl(['rollout', 'restart', this.deployment(service)]);
    await this.rollout(service);
  }

  private async rollout(service: ServiceName): Promise<void> {
    await this.kubectl(
      ['rollout', 'status', this.deployment(service), `--timeout=${this.readyTimeoutS}s`],
      (this.readyTimeoutS + 10) * 1000,
    );
  }

  async http(service: ServiceName, call: HttpCall): Promise<HttpAnswer> {
    if (service === 'bff') return httpCall(this.bffUrl, call);
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
      const out = await this.kubectl(
        [
          'exec',
          this.deployment(service),
          '--',
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  ComposeTarget,
  DEFAULT_JAEGER_URL,
  DEFAULT_PORTS,
  defaultUrl,
  JAEGER_PORTS,
  ProcessGroup,
  composeCommand,
  composeServices,
  findJaeger,
  freeJaegerPorts,
  httpCall,
  isListening,
  launchJaeger,
  launchSuite,
  newToken,
  npmStartTarget,
  ownSuiteTarget,
  type FaultTarget,
} from '@suite/harness';
import { KubernetesTarget } from './kubernetes-target';

export type TargetChoice = 'auto' | 'own' | 'npm-start' | 'compose' | 'kubernetes';

export interface AcquiredTarget {
  target: FaultTarget;
  /** Stops whatever this tool started (nothing for npm start and compose). */
  release(): Promise<void>;
  /** Where the chaos tools' own spans go, when this tool started the Jaeger. */
  otlpHttpUrl?: string;
}

/** docker compose's default project name: the folder name, lower case, safe characters only. */
export function composeProject(root: string): string {
  return (process.env['COMPOSE_PROJECT_NAME'] ?? basename(root))
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '');
}

async function compose(root: string): Promise<AcquiredTarget | undefined> {
  const project = composeProject(root);
  if (!(await composeServices(project)).includes('bff')) return undefined;
  const command = await composeCommand();
  if (!command) return undefined;
  const target = new ComposeTarget(
    project,
    command,
    `http://127.0.0.1:${process.env['BFF_PORT'] ?? DEFAULT_PORTS.bff}`,
    `http://127.0.0.1:${process.env['JAEGER_UI_PORT'] ?? JAEGER_PORTS.query}`,
    process.env['CHAOS_ADMIN_TOKEN'],
  );
  return { target, release: () => Promise.resolve() };
}

async function npmStart(root: string): Promise<AcquiredTarget | undefined> {
  const target = npmStartTarget(root);
  if (!target) return undefined;
  const ready = await httpCall(target.bffUrl, { path: '/health/ready', timeoutMs: 2000 });
  return ready.status === 200 ? { target, release: () => Promise.resolve() } : undefined;
}

/** A suite of our own on free ports (the CI case), with a Jaeger when a binary is at hand. */
async function own(root: string, log: (line: string) => void): Promise<AcquiredTarget> {
  const group = new ProcessGroup('silent');
  const dataDir = mkdtempSync(join(tmpdir(), 'suite-chaos-'));
  const release = async () => {
    await group.stopAll(3000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const chaosToken = newToken();
    const env: NodeJS.ProcessEnv = { CHAOS_ADMIN_TOKEN: chaosToken, LOG_FORMAT: 'json' };
    let jaegerUrl: string | undefined;
    let otlpHttpUrl: string | undefined;
    const jaeger = await findJaeger(root, { build: false });
    const externalOtlp = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    if (externalOtlp && process.env['JAEGER_URL']) {
      // The caller's Jaeger (an e2e test, a shared collector): the suite and the run export there.
      env['OTEL_EXPORTER_OTLP_ENDPOINT'] = externalOtlp;
      jaegerUrl = process.env['JAEGER_URL'];
      log(`exporting spans to ${externalOtlp} (Jaeger ${jaegerUrl})`);
    } else if (jaeger.binary) {
      const running = await launchJaeger(group, {
        root,
        binary: jaeger.binary,
        ports: await freeJaegerPorts(),
      });
      env['OTEL_EXPORTER_OTLP_ENDPOINT'] = running.otlpHttpUrl;
      jaegerUrl = running.queryUrl;
      otlpHttpUrl = running.otlpHttpUrl;
      log(`Jaeger on ${running.queryUrl} (trace links work while this run lasts)`);
    } else if (await isListening(JAEGER_PORTS.otlpHttp)) {
      jaegerUrl = process.env['JAEGER_URL'] ?? DEFAULT_JAEGER_URL;
      log(`exporting spans to the collector on :${JAEGER_PORTS.otlpHttp}`);
    } else {
      env['OTEL_TRACES_EXPORTER'] = 'none';
      log(`no Jaeger (${jaeger.reason}); trace ids in the report, no trace store to open them`);
    }
    log('starting the suite on free ports…');
    const suite = await launchSuite(group, { root, ports: 'free', dataDir, env });
    log(`suite ready: BFF ${suite.urls.bff}`);
    const target = ownSuiteTarget(group, suite, {
      description: `a suite of its own on free ports (BFF ${suite.urls.bff})`,
      chaosToken,
      ...(jaegerUrl ? { jaegerUrl } : {}),
    });
    return { target, release, ...(otlpHttpUrl ? { otlpHttpUrl } : {}) };
  } catch (error) {
    await release();
    throw error;
  }
}

/** The Helm chart's pods (infra/helm), reached through kubectl and port-forwards the user set up. */
function kubernetes(): KubernetesTarget {
  const token = process.env['CHAOS_ADMIN_TOKEN'];
  return new KubernetesTarget({
    release: process.env['HELM_RELEASE'] ?? 'suite',
    namespace: process.env['KUBE_NAMESPACE'] ?? 'tracing',
    bffUrl: process.env['BFF_URL'] ?? defaultUrl('bff'),
    jaegerUrl: process.env['JAEGER_URL'] ?? DEFAULT_JAEGER_URL,
    ...(token ? { chaosToken: token } : {}),
  });
}

/** npm start if one runs, else this project's docker compose containers, else a suite of its own. */
export async function acquireTarget(
  root: string,
  choice: TargetChoice,
  log: (line: string) => void,
): Promise<AcquiredTarget> {
  if (choice === 'own') return own(root, log);
  if (choice === 'kubernetes') return { target: kubernetes(), release: () => Promise.resolve() };
  if (choice === 'npm-start' || choice === 'auto') {
    const found = await npmStart(root);
    if (found) return found;
    if (choice === 'npm-start')
      throw new Error('no running npm start found (.data/run/suite.json): run npm start first');
  }
  if (choice === 'compose' || choice === 'auto') {
    const found = await compose(root);
    if (found) return found;
    if (choice === 'compose') {
      throw new Error(
        `no containers of compose project "${composeProject(root)}": docker compose up first (or set COMPOSE_PROJECT_NAME)`,
      );
    }
  }
  return own(root, log);
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { JAEGER_PORTS, SERVICE_NAMES } from '@suite/contracts';
import { ofKind, ref, workloads, containers, type K8sDoc, type Violation } from './k8s';

/** What docker-compose.yml gives the five services, `${VAR:-default}` resolved to its default. */
export interface ComposeEnv {
  /** Variables every one of the five services has, with the same value (the shared OTEL set). */
  shared: Record<string, string>;
  /** Each service's OTEL_SERVICE_NAME, by APP. */
  serviceNames: Record<string, string>;
}

const resolveDefault = (value: unknown): string =>
  String(value).replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');

export function composeEnv(text: string): ComposeEnv {
  const file = parse(text, { merge: true }) as {
    services?: Record<string, { environment?: Record<string, unknown> }>;
  };
  const envs = SERVICE_NAMES.map((name) => {
    const env = file.services?.[name]?.environment;
    if (!env) throw new Error(`docker-compose.yml: service ${name} has no environment map`);
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, resolveDefault(v)]));
  });
  const [first, ...rest] = envs;
  const shared = Object.fromEntries(
    Object.entries(first!).filter(([k, v]) => rest.every((env) => env[k] === v)),
  );
  const serviceNames = Object.fromEntries(
    envs.map((env) => [env['APP']!, env['OTEL_SERVICE_NAME']!]),
  );
  return { shared, serviceNames };
}

export const readComposeEnv = (path: string): ComposeEnv => composeEnv(readFileSync(path, 'utf8'));

const attributeKeys = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean);

/** Variables whose value must match compose's exactly; the endpoint and attributes differ by design. */
const SAME_VALUE = ['OTEL_BSP_SCHEDULE_DELAY', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'TRACE_SEAM'];

function checkConfigMap(map: K8sDoc, docs: K8sDoc[], compose: ComposeEnv, out: Violation[]): void {
  const data = map.data ?? {};
  const add = (detail: string) => out.push({ resource: ref(map), rule: 'otel-contract', detail });
  for (const key of Object.keys(compose.shared).filter((k) => k.startsWith('OTEL_'))) {
    if (data[key] === undefined)
      add(`${key} is set for every service in docker-compose.yml but missing here`);
  }
  for (const key of SAME_VALUE) {
    if (compose.shared[key] !== undefined && data[key] !== compose.shared[key]) {
      add(`${key}=${data[key]} but docker-compose.yml has ${compose.shared[key]}`);
    }
  }
  for (const key of attributeKeys(compose.shared['OTEL_RESOURCE_ATTRIBUTES'])) {
    if (!attributeKeys(data['OTEL_RESOURCE_ATTRIBUTES']).includes(key)) {
      add(`OTEL_RESOURCE_ATTRIBUTES lacks ${key} (docker-compose.yml sets it)`);
    }
  }
  const endpoint = URL.parse(data['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '');
  const composeEndpoint = URL.parse(compose.shared['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '');
  if (
    !endpoint ||
    endpoint.protocol !== 'http:' ||
    Number(endpoint.port) !== JAEGER_PORTS.otlpHttp
  ) {
    add(
      `OTEL_EXPORTER_OTLP_ENDPOINT=${data['OTEL_EXPORTER_OTLP_ENDPOINT']} is not OTLP/HTTP on :${JAEGER_PORTS.otlpHttp}`,
    );
  } else {
    if (composeEndpoint && composeEndpoint.port !== endpoint.port) {
      add(
        `the endpoint's port ${endpoint.port} differs from docker-compose.yml's ${composeEndpoint.port}`,
      );
    }
    const service = ofKind(docs, 'Service').find((s) => s.metadata?.name === endpoint.hostname);
    if (!service?.spec?.ports?.some((p) => p.port === JAEGER_PORTS.otlpHttp)) {
      add(
        `OTEL_EXPORTER_OTLP_ENDPOINT points at ${endpoint.host}, which no rendered Service serves`,
      );
    }
  }
  // One decision per trace, at its root (the contract): the sampler must follow the parent.
  if (!/^parentbased_/.test(data['OTEL_TRACES_SAMPLER'] ?? '')) {
    add(`OTEL_TRACES_SAMPLER=${data['OTEL_TRACES_SAMPLER']} does not follow the parent's decision`);
  }
  const propagators = (data['OTEL_PROPAGATORS'] ?? '').split(',');
  const wanted = [
    'tracecontext',
    'baggage',
    ...(data['TRACE_SEAM'] === 'bridged' ? ['b3multi'] : []),
  ];
  for (const p of wanted.filter((w) => !propagators.includes(w)))
    add(`OTEL_PROPAGATORS lacks ${p}`);
}

/** The OTEL_* ConfigMap says what docker-compose.yml says, and every service reads it. */
export function checkOtelContract(docs: K8sDoc[], compose: ComposeEnv): Violation[] {
  const out: Violation[] = [];
  const maps = ofKind(docs, 'ConfigMap').filter((m) => m.data?.['OTEL_EXPORTER_OTLP_ENDPOINT']);
  if (maps.length !== 1) {
    return [
      {
        resource: 'ConfigMap/*',
        rule: 'otel-contract',
        detail: `${maps.length} OTEL ConfigMaps, want 1`,
      },
    ];
  }
  const map = maps[0]!;
  checkConfigMap(map, docs, compose, out);
  for (const doc of workloads(docs)) {
    for (const c of containers(doc)) {
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
      const app = env['APP'];
      if (!app || !(app in compose.serviceNames)) continue;
      if (!(c.envFrom ?? []).some((e) => e.configMapRef?.name === map.metadata?.name)) {
        out.push({
          resource: ref(doc),
          rule: 'otel-contract',
          detail: `${app} does not read ${ref(map)}`,
        });
      }
      if (env['OTEL_SERVICE_NAME'] !== compose.serviceNames[app]) {
        out.push({
          resource: ref(doc),
          rule: 'otel-contract',
          detail: `${app}: OTEL_SERVICE_NAME=${env['OTEL_SERVICE_NAME']}, docker-compose.yml says ${compose.serviceNames[app]}`,
        });
      }
    }
  }
  return out;
}

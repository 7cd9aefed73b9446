// Jaeger's Monitor tab on loopback: Prometheus (infra/prometheus), the spanmetrics connector in a
// Jaeger, and optionally the tail-sampling tier (infra/jaeger/collector.yaml) in front of the Jaeger
// that stores the traces.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCachedTool } from './cached-tool';
import { MONITOR_PORTS, TAIL_SAMPLING_PORTS } from '@suite/contracts';
import { DEFAULT_JAEGER_PORTS, launchJaeger, type JaegerPorts, type RunningJaeger } from './jaeger';
import { freePort, waitForHttp } from './ports';
import type { ProcessGroup } from './process-group';

/**
 * The Prometheus binary from infra/prometheus/ensure-prometheus.sh, or undefined with the reason.
 * `build: false` never starts the build from the Go module (several minutes).
 */
export async function findPrometheus(
  root: string,
  { build, env = process.env }: { build: boolean; env?: NodeJS.ProcessEnv },
): Promise<{ binary?: string; reason?: string }> {
  return findCachedTool(root, 'infra/prometheus/ensure-prometheus.sh', { build, env });
}

/** infra/prometheus/prometheus.yml with the scrape target and interval of this run. */
export function prometheusConfig(root: string, target: string, scrapeInterval: string): string {
  const text = readFileSync(join(root, 'infra/prometheus/prometheus.yml'), 'utf8');
  if (!text.includes("'spanmetrics:8889'") || !/scrape_interval: \S+/.test(text)) {
    throw new Error(
      "infra/prometheus/prometheus.yml no longer names the target 'spanmetrics:8889' or a global scrape_interval: keep both, the launcher replaces them",
    );
  }
  return text
    .replace("'spanmetrics:8889'", `'${target}'`)
    .replace(/scrape_interval: \S+/, `scrape_interval: ${scrapeInterval}`);
}

/** Starts Prometheus on loopback, scraping `target`; waits until /-/ready answers. */
export async function launchPrometheus(
  group: ProcessGroup,
  options: {
    root: string;
    binary: string;
    /** host:port of the spanmetrics exporter. */
    target: string;
    port?: number;
    /** Where the TSDB and the generated config live (created when missing). */
    dataDir: string;
    scrapeInterval?: string;
  },
): Promise<{ url: string }> {
  const port = options.port ?? MONITOR_PORTS.prometheus;
  mkdirSync(options.dataDir, { recursive: true });
  const configFile = join(options.dataDir, 'prometheus.yml');
  writeFileSync(
    configFile,
    prometheusConfig(options.root, options.target, options.scrapeInterval ?? '5s'),
  );
  const managed = group.spawn(
    'prometheus',
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(options.dataDir, 'tsdb')}`,
      // Bounded: two hours, 256 MB on disk at most; the Monitor tab looks back one hour by default.
      '--storage.tsdb.retention.time=2h',
      '--storage.tsdb.retention.size=256MB',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { cwd: options.root, env: { ...process.env, GOMAXPROCS: '1' } },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/-/ready`, { timeoutMs: 30_000, stillAlive: () => !managed.exited });
  } catch (error) {
    throw new Error(
      `Prometheus did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
    );
  }
  return { url };
}

export interface CollectorPorts {
  otlpGrpc: number;
  otlpHttp: number;
  thriftHttp: number;
  health: number;
  spanmetrics: number;
}

export interface TailSamplingSettings {
  /** Share of the traces no policy keeps, 0-100 (TAIL_SAMPLING_PERCENT). */
  percent?: number;
  /** TAIL_SAMPLING_DECISION_WAIT, e.g. '5s'. */
  decisionWait?: string;
}

/** Starts the tail-sampling tier (collector.yaml + spanmetrics.yaml), forwarding to `forwardTo`. */
export async function launchCollector(
  group: ProcessGroup,
  options: {
    root: string;
    binary: string;
    ports: CollectorPorts;
    /** host:port of the storing Jaeger's OTLP/gRPC receiver. */
    forwardTo: string;
    sampling?: TailSamplingSettings;
    flushInterval?: string;
  },
): Promise<void> {
  const at = (port: number) => `127.0.0.1:${port}`;
  const { ports, sampling = {} } = options;
  const managed = group.spawn(
    'collector',
    options.binary,
    [
      ...['--config', join(options.root, 'infra/jaeger/collector.yaml')],
      ...['--config', join(options.root, 'infra/jaeger/spanmetrics.yaml')],
    ],
    {
      cwd: options.root,
      env: {
        ...process.env,
        COLLECTOR_OTLP_GRPC_ENDPOINT: at(ports.otlpGrpc),
        COLLECTOR_OTLP_HTTP_ENDPOINT: at(ports.otlpHttp),
        COLLECTOR_THRIFT_HTTP_ENDPOINT: at(ports.thriftHttp),
        COLLECTOR_HEALTH_ENDPOINT: at(ports.health),
        COLLECTOR_FORWARD_ENDPOINT: options.forwardTo,
        SPANMETRICS_ENDPOINT: at(ports.spanmetrics),
        SPANMETRICS_FLUSH_INTERVAL: options.flushInterval ?? '5s',
        TAIL_SAMPLING_PERCENT: String(
          sampling.percent ?? process.env['TAIL_SAMPLING_PERCENT'] ?? 10,
        ),
        TAIL_SAMPLING_DECISION_WAIT:
          sampling.decisionWait ?? process.env['TAIL_SAMPLING_DECISION_WAIT'] ?? '5s',
        JAEGER_LOG_LEVEL: process.env['JAEGER_LOG_LEVEL'] ?? 'warn',
      },
    },
  );
  try {
    await waitForHttp(`http://${at(ports.health)}/status`, {
      timeoutMs: 20_000,
      stillAlive: () => !managed.exited,
    });
  } catch (error) {
    throw new Error(
      `the tail-sampling tier did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
    );
  }
}

export interface MonitoredJaeger {
  jaeger: RunningJaeger;
  /** Undefined without a Prometheus binary: then the Monitor tab stays empty. */
  prometheusUrl: string | undefined;
  /** Where the services send spans: the tier when it is on, else the storing Jaeger. */
  otlpHttpUrl: string;
  /** Jaeger Thrift over HTTP for the legacy service, e.g. http://127.0.0.1:14268/api/traces. */
  thriftUrl: string;
  /** The spanmetrics exporter's /metrics. */
  spanmetricsUrl: string;
  tailSampling: boolean;
}

export interface MonitorOptions {
  root: string;
  jaegerBinary: string;
  /** Without it: no Prometheus and no metrics in Jaeger's query service (the tier still samples). */
  prometheusBinary: string | undefined;
  /** Put the tail-sampling tier in front of the storing Jaeger. */
  tailSampling: boolean;
  sampling?: TailSamplingSettings;
  /** 'free' picks unused ports (tests); else the contract's defaults. */
  ports: 'free' | 'default';
  dataDir: string;
  scrapeInterval?: string;
  flushInterval?: string;
}

async function pickPorts(free: boolean) {
  const pick = async (fixed: number) => (free ? await freePort() : fixed);
  const store: JaegerPorts = { ...DEFAULT_JAEGER_PORTS };
  for (const key of Object.keys(store) as (keyof JaegerPorts)[]) {
    store[key] = await pick(store[key]);
  }
  const collector: CollectorPorts = {
    otlpGrpc: await pick(DEFAULT_JAEGER_PORTS.otlpGrpc),
    otlpHttp: await pick(DEFAULT_JAEGER_PORTS.otlpHttp),
    thriftHttp: await pick(DEFAULT_JAEGER_PORTS.thriftHttp),
    health: await pick(TAIL_SAMPLING_PORTS.collectorHealth),
    spanmetrics: await pick(MONITOR_PORTS.spanmetrics),
  };
  return { store, collector, prometheus: await pick(MONITOR_PORTS.prometheus) };
}

/** The storing Jaeger's receivers when the tier takes the contract's ones. */
function behindTier(store: JaegerPorts, free: boolean): JaegerPorts {
  if (free) return store;
  const t = TAIL_SAMPLING_PORTS;
  return {
    ...store,
    otlpGrpc: t.storeOtlpGrpc,
    otlpHttp: t.storeOtlpHttp,
    thriftHttp: t.storeThriftHttp,
    thriftCompact: t.storeThriftCompact,
    thriftBinary: t.storeThriftBinary,
  };
}

/**
 * Jaeger with its Monitor tab: Prometheus, the spanmetrics connector, and with `tailSampling` the
 * tier in front of the storing Jaeger (which then only stores). Stopped with the group.
 */
export async function launchMonitoredJaeger(
  group: ProcessGroup,
  options: MonitorOptions,
): Promise<MonitoredJaeger> {
  const free = options.ports === 'free';
  const picked = await pickPorts(free);
  const at = (port: number) => `127.0.0.1:${port}`;
  const spm = join(options.root, 'infra/jaeger/spm.yaml');
  const spanmetrics = join(options.root, 'infra/jaeger/spanmetrics.yaml');
  const prometheusUrl = options.prometheusBinary ? `http://${at(picked.prometheus)}` : undefined;
  const storePorts = options.tailSampling ? behindTier(picked.store, free) : picked.store;
  const overlays = !prometheusUrl ? [] : options.tailSampling ? [spm] : [spm, spanmetrics];
  const jaeger = await launchJaeger(group, {
    root: options.root,
    binary: options.jaegerBinary,
    ports: storePorts,
    overlays,
    env: {
      PROMETHEUS_URL: prometheusUrl ?? '',
      SPANMETRICS_ENDPOINT: at(picked.collector.spanmetrics),
      SPANMETRICS_FLUSH_INTERVAL: options.flushInterval ?? '5s',
    },
  });
  if (options.tailSampling) {
    await launchCollector(group, {
      root: options.root,
      binary: options.jaegerBinary,
      ports: picked.collector,
      forwardTo: at(storePorts.otlpGrpc),
      ...(options.sampling ? { sampling: options.sampling } : {}),
      ...(options.flushInterval ? { flushInterval: options.flushInterval } : {}),
    });
  }
  if (options.prometheusBinary) {
    await launchPrometheus(group, {
      root: options.root,
      binary: options.prometheusBinary,
      target: at(picked.collector.spanmetrics),
      port: picked.prometheus,
      dataDir: options.dataDir,
      ...(options.scrapeInterval ? { scrapeInterval: options.scrapeInterval } : {}),
    });
  }
  const ingest = options.tailSampling ? picked.collector : storePorts;
  return {
    jaeger,
    prometheusUrl,
    otlpHttpUrl: `http://${at(ingest.otlpHttp)}`,
    thriftUrl: `http://${at(ingest.thriftHttp)}/api/traces`,
    spanmetricsUrl: `http://${at(picked.collector.spanmetrics)}/metrics`,
    tailSampling: options.tailSampling,
  };
}

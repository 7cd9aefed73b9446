import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findCachedTool } from './cached-tool';
import { JAEGER_PORTS } from '@suite/contracts';
import { freePort, waitForHttp } from './ports';
import type { ProcessGroup } from './process-group';

export interface JaegerPorts {
  query: number;
  otlpHttp: number;
  otlpGrpc: number;
  thriftHttp: number;
  thriftCompact: number;
  thriftBinary: number;
  queryGrpc: number;
  health: number;
  samplingHttp: number;
}

export const DEFAULT_JAEGER_PORTS: JaegerPorts = { ...JAEGER_PORTS };

export interface RunningJaeger {
  ports: JaegerPorts;
  /** UI and query API, e.g. http://127.0.0.1:16686 */
  queryUrl: string;
  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be for services that export to it. */
  otlpHttpUrl: string;
  /** Remote sampling strategies, e.g. http://127.0.0.1:5778 (GET /sampling?service=<name>). */
  samplingUrl: string;
}

/**
 * The Jaeger binary from infra/jaeger/ensure-jaeger.sh, or undefined with the reason. The script
 * prefers the official release (full web UI, downloaded and checksum-verified when reachable) over
 * the build from the Go module (placeholder UI). `build: false` never starts the five-minute build.
 */
export async function findJaeger(
  root: string,
  { build, env = process.env }: { build: boolean; env?: NodeJS.ProcessEnv },
): Promise<{ binary?: string; reason?: string }> {
  return findCachedTool(root, 'infra/jaeger/ensure-jaeger.sh', { build, env });
}

/**
 * JAEGER_UI_ASSETS_PATH as an absolute folder that holds a UI build, or undefined when unset.
 * Jaeger itself would only panic with "cannot load index.html", so say what to do instead.
 */
export function uiAssetsPath(value: string | undefined, cwd = process.cwd()): string | undefined {
  if (!value) return undefined;
  const dir = resolve(cwd, value);
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(
      `JAEGER_UI_ASSETS_PATH=${value} has no index.html: point it at a jaeger-ui build folder, or unset it to use the UI built into the Jaeger binary`,
    );
  }
  return dir;
}

/** Free loopback ports for every Jaeger listener, so a Jaeger already running elsewhere never collides. */
export async function freeJaegerPorts(): Promise<JaegerPorts> {
  const entries = await Promise.all(
    Object.keys(DEFAULT_JAEGER_PORTS).map(async (k) => [k, await freePort()] as const),
  );
  return Object.fromEntries(entries) as unknown as JaegerPorts;
}

/** Starts Jaeger on loopback with infra/jaeger/config.yaml and waits until its health check passes. */
export async function launchJaeger(
  group: ProcessGroup,
  {
    root,
    binary,
    ports = DEFAULT_JAEGER_PORTS,
    uiAssets = process.env['JAEGER_UI_ASSETS_PATH'],
    samplingStrategies = process.env['JAEGER_SAMPLING_STRATEGIES_FILE'] ||
      join(root, 'infra/jaeger/sampling-strategies.json'),
    overlays = [],
    env = {},
  }: {
    root: string;
    binary: string;
    ports?: JaegerPorts;
    /** A jaeger-ui build folder to serve instead of the UI built into the binary. */
    uiAssets?: string;
    /** The strategies file Jaeger serves to remote samplers; re-read every second. */
    samplingStrategies?: string;
    /** Config files merged over config.yaml, e.g. infra/jaeger/spm.yaml (see prometheus.ts). */
    overlays?: readonly string[];
    /** Extra environment for the overlays' variables. */
    env?: NodeJS.ProcessEnv;
  },
): Promise<RunningJaeger> {
  const at = (port: number) => `127.0.0.1:${port}`;
  const assets = uiAssetsPath(uiAssets);
  const managed = group.spawn(
    'jaeger',
    binary,
    [
      '--config',
      join(root, 'infra/jaeger/config.yaml'),
      ...overlays.flatMap((f) => ['--config', f]),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        JAEGER_QUERY_ENDPOINT: at(ports.query),
        JAEGER_OTLP_HTTP_ENDPOINT: at(ports.otlpHttp),
        JAEGER_OTLP_GRPC_ENDPOINT: at(ports.otlpGrpc),
        JAEGER_THRIFT_HTTP_ENDPOINT: at(ports.thriftHttp),
        JAEGER_THRIFT_COMPACT_ENDPOINT: at(ports.thriftCompact),
        JAEGER_THRIFT_BINARY_ENDPOINT: at(ports.thriftBinary),
        JAEGER_QUERY_GRPC_ENDPOINT: at(ports.queryGrpc),
        JAEGER_HEALTH_ENDPOINT: at(ports.health),
        JAEGER_LOG_LEVEL: process.env['JAEGER_LOG_LEVEL'] ?? 'warn',
        JAEGER_UI_ASSETS_PATH: assets ?? '',
        JAEGER_SAMPLING_HTTP_ENDPOINT: at(ports.samplingHttp),
        JAEGER_SAMPLING_STRATEGIES_FILE: resolve(root, samplingStrategies),
        ...env,
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
      `Jaeger did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
    );
  }
  return {
    ports,
    queryUrl: `http://${at(ports.query)}`,
    otlpHttpUrl: `http://${at(ports.otlpHttp)}`,
    samplingUrl: `http://${at(ports.samplingHttp)}`,
  };
}

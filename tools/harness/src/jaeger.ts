import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
}

export const DEFAULT_JAEGER_PORTS: JaegerPorts = { ...JAEGER_PORTS };

export interface RunningJaeger {
  ports: JaegerPorts;
  /** UI and query API, e.g. http://127.0.0.1:16686 */
  queryUrl: string;
  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be for services that export to it. */
  otlpHttpUrl: string;
}

/**
 * The Jaeger binary built by infra/jaeger/ensure-jaeger.sh, or undefined with the reason.
 * `build: false` never starts the five-minute build.
 */
export async function findJaeger(
  root: string,
  { build }: { build: boolean },
): Promise<{ binary?: string; reason?: string }> {
  const script = join(root, 'infra/jaeger/ensure-jaeger.sh');
  try {
    const { stdout } = await promisify(execFile)(
      'bash',
      build ? [script] : [script, '--no-build'],
      {
        maxBuffer: 1 << 20,
      },
    );
    return { binary: stdout.trim() };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    return { reason: stderr.split('\n').filter(Boolean).pop() ?? 'ensure-jaeger.sh failed' };
  }
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
  }: { root: string; binary: string; ports?: JaegerPorts },
): Promise<RunningJaeger> {
  const at = (port: number) => `127.0.0.1:${port}`;
  const managed = group.spawn(
    'jaeger',
    binary,
    ['--config', join(root, 'infra/jaeger/config.yaml')],
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
  };
}

import { join } from 'node:path';
import { freePort, isListening, waitForHttp } from './ports';
import type { ProcessGroup } from './process-group';
import { SERVICES, type ServiceName } from '@suite/contracts';

export interface SuiteOptions {
  /** Repository root (where node_modules and apps/ are). */
  root: string;
  /** Fixed ports per service; `'free'` picks unused ones (tests); defaults are the contract's. */
  ports?: Partial<Record<ServiceName, number>> | 'free';
  /** Environment for every service, e.g. OTEL_EXPORTER_OTLP_ENDPOINT or LATENCY=off. */
  env?: NodeJS.ProcessEnv;
  /** Extra environment for one service, e.g. { 'loyalty-service': { LATENCY: 'fixed:300' } }. */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Where the SQLite files live; ':memory:' for a fresh suite on every start. */
  dataDir?: string;
  /**
   * Services that trace with jaeger-client (OpenTracing) instead of OpenTelemetry: TRACER=jaeger-client,
   * the "legacy service" mode of @suite/telemetry/preload. None by default (an OTLP sink cannot read
   * Thrift); `npm start` runs loyalty-service this way.
   */
  legacyTracing?: readonly ServiceName[];
  /** Jaeger's Thrift HTTP collector for those services (JAEGER_ENDPOINT), e.g. http://127.0.0.1:14268/api/traces. */
  jaegerThriftUrl?: string;
}

/**
 * TRACER for one service, and for a legacy one the jaeger-client defaults the launcher fills in where
 * the caller left them unset. No JAEGER_SAMPLER_*: a legacy service then follows the fleet's
 * OTEL_TRACES_SAMPLER/ARG, so one sampling policy covers both libraries.
 */
function tracerEnv(
  name: ServiceName,
  options: SuiteOptions,
): { defaults: NodeJS.ProcessEnv; fixed: NodeJS.ProcessEnv } {
  if (!options.legacyTracing?.includes(name)) return { defaults: {}, fixed: { TRACER: 'otel' } };
  return {
    defaults: { JAEGER_SERVICE_NAME: name, JAEGER_REPORTER_FLUSH_INTERVAL: '500' },
    fixed: {
      TRACER: 'jaeger-client',
      ...(options.jaegerThriftUrl ? { JAEGER_ENDPOINT: options.jaegerThriftUrl } : {}),
    },
  };
}

/**
 * Young generation per service, in MB per semi-space. The BFF allocates the most per request (five
 * requests' worth): with 8 MB it spends about a sixth less CPU per dashboard, mostly in scavenges, for
 * about 9 MB more idle RSS; the leaves keep 2 MB, which holds the idle suite under 600 MB.
 */
const SEMI_SPACE_MB: Record<ServiceName, number> = {
  'user-service': 2,
  'order-service': 2,
  'loyalty-service': 2,
  'recommendation-service': 2,
  bff: 8,
};

/** How the launcher starts one service (relative to the repository root): its Node flags and entry. */
export function serviceNodeArgs(name: ServiceName): string[] {
  return [
    // A small young generation (V8 sizes it for the host's 24 GiB otherwise) and no source maps
    // (NODE_OPTIONS=--enable-source-maps when debugging): 160 -> 119 MB idle RSS per service,
    // measured on user-service; a container's memory limit makes V8 do the same by itself.
    `--max-semi-space-size=${SEMI_SPACE_MB[name]}`,
    '--import',
    '@suite/telemetry/preload',
    join('apps', name, 'dist', 'main.js'),
  ];
}

export interface RunningSuite {
  ports: Record<ServiceName, number>;
  urls: Record<ServiceName, string>;
  /** Starts (or starts again) one service with the suite's settings and waits until it is ready. */
  start(name: ServiceName): Promise<void>;
}

/**
 * Starts the five services as `node --import @suite/telemetry/preload apps/<name>/dist/main.js`
 * on loopback, wired to each other, and waits until every one is ready. Needs a build first.
 */
export async function launchSuite(
  group: ProcessGroup,
  options: SuiteOptions,
): Promise<RunningSuite> {
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICES) {
    ports[service.name] =
      options.ports === 'free'
        ? await freePort()
        : (options.ports?.[service.name] ?? service.defaultPort);
  }
  const urls = Object.fromEntries(
    SERVICES.map((s) => [s.name, `http://127.0.0.1:${ports[s.name]}`]),
  ) as Record<ServiceName, string>;
  const wiring = Object.fromEntries(SERVICES.map((s) => [s.urlVariable, urls[s.name]]));

  const start = async (name: ServiceName): Promise<void> => {
    // Otherwise the readiness probe would be answered by whatever already holds the port.
    if (await isListening(ports[name])) {
      throw new Error(
        `port ${ports[name]} for ${name} is already in use (another npm start, or docker compose?): stop it, or choose free ports`,
      );
    }
    const tracer = tracerEnv(name, options);
    const managed = group.spawn(name, process.execPath, serviceNodeArgs(name), {
      cwd: options.root,
      env: {
        // The launcher's defaults, for variables the caller left unset: every OTEL_* and JAEGER_*
        // of the caller's environment reaches every service as it is.
        // Spans reach Jaeger within a second rather than the SDK's default five.
        OTEL_BSP_SCHEDULE_DELAY: '500',
        ...tracer.defaults,
        ...process.env,
        ...wiring,
        ...tracer.fixed,
        ...options.env,
        // One name per process: a single OTEL_SERVICE_NAME for all five would merge them.
        OTEL_SERVICE_NAME: name,
        ...options.serviceEnv?.[name],
        PORT: String(ports[name]),
        HOST: '127.0.0.1',
        DATA_DIR: options.dataDir ?? join(options.root, '.data'),
      },
    });
    try {
      await waitForHttp(`${urls[name]}/health/ready`, {
        timeoutMs: 30_000,
        stillAlive: () => !managed.exited,
      });
    } catch (error) {
      throw new Error(
        `${name} did not become ready: ${(error as Error).message}\n--- last output of ${name} ---\n${managed.tail.join('\n')}`,
      );
    }
  };

  // Backends first, in parallel; the BFF last, so its first request finds them up.
  await Promise.all(SERVICES.filter((s) => s.name !== 'bff').map((s) => start(s.name)));
  await start('bff');
  return { ports, urls, start };
}

// npm start: Jaeger (when a binary is available) and the five services as local processes.
import { join } from 'node:path';
import { styleText } from 'node:util';
import {
  DEFAULT_JAEGER_PORTS,
  DEFAULT_JAEGER_URL,
  ProcessGroup,
  findJaeger,
  findPrometheus,
  isListening,
  launchMonitoredJaeger,
  launchSuite,
  newToken,
  removeSuiteState,
  serveSuiteControl,
  writeSuiteState,
  type RunningSuite,
  type ServiceName,
  type SuiteState,
  repoRoot,
} from '@suite/harness';
import { SKUS } from '@suite/traffic';

interface Tracing {
  /** One line on where spans go. */
  note: string;
  /** Jaeger's Thrift HTTP collector, for the legacy service. */
  thriftUrl: string;
  /** Jaeger's UI, when there is one. */
  ui?: string;
  /** The Monitor tab and the tail-sampling tier, in one or two lines. */
  monitor?: string[];
}

/** TAIL_SAMPLING=on puts the tail-sampling tier in front of Jaeger; off (the default) does not. */
function tailSampling(): boolean {
  const value = process.env['TAIL_SAMPLING'] ?? 'off';
  if (value !== 'on' && value !== 'off') {
    throw new Error(`TAIL_SAMPLING=${value} is not valid: use on (the tail-sampling tier) or off`);
  }
  return value === 'on';
}

/**
 * loyalty-service is the "legacy service": it traces with jaeger-client over Thrift unless
 * LOYALTY_TRACER=otel (libs/telemetry/src/switches.ts has the switches).
 */
function legacyTracer(): 'jaeger-client' | 'otel' {
  const loyaltyTracer = process.env['LOYALTY_TRACER'] ?? 'jaeger-client';
  if (loyaltyTracer !== 'jaeger-client' && loyaltyTracer !== 'otel') {
    throw new Error(`LOYALTY_TRACER=${loyaltyTracer} is not valid: use jaeger-client or otel`);
  }
  return loyaltyTracer;
}

/** Where spans go: OTEL_EXPORTER_OTLP_ENDPOINT, a collector already running, or a Jaeger started here. */
async function startTracing(
  root: string,
  group: ProcessGroup,
  env: NodeJS.ProcessEnv,
): Promise<Tracing> {
  const thriftUrl =
    process.env['JAEGER_ENDPOINT'] ??
    `http://127.0.0.1:${DEFAULT_JAEGER_PORTS.thriftHttp}/api/traces`;
  const otlp = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (otlp) return { note: `exporting spans to ${otlp} (OTEL_EXPORTER_OTLP_ENDPOINT)`, thriftUrl };
  if (await isListening(DEFAULT_JAEGER_PORTS.otlpHttp)) {
    return {
      note: `a collector already listens on :${DEFAULT_JAEGER_PORTS.otlpHttp}; exporting spans to it`,
      thriftUrl,
      ui: DEFAULT_JAEGER_URL,
    };
  }
  const jaeger = await findJaeger(root, { build: false });
  if (!jaeger.binary) {
    return {
      note:
        `no Jaeger here (${jaeger.reason}). Spans go to http://127.0.0.1:${DEFAULT_JAEGER_PORTS.otlpHttp} if a collector appears there; ` +
        'for traces now: npm run jaeger:build, or docker compose up',
      thriftUrl,
    };
  }
  const prometheus = await findPrometheus(root, { build: false });
  const tiered = tailSampling();
  const running = await launchMonitoredJaeger(group, {
    root,
    jaegerBinary: jaeger.binary,
    prometheusBinary: prometheus.binary,
    tailSampling: tiered,
    ports: 'default',
    dataDir: join(root, '.data', 'prometheus'),
  });
  env['OTEL_EXPORTER_OTLP_ENDPOINT'] = running.otlpHttpUrl;
  const share = process.env['TAIL_SAMPLING_PERCENT'] ?? '10';
  return {
    note: `Jaeger ${jaeger.binary}`,
    thriftUrl: running.thriftUrl,
    ui: running.jaeger.queryUrl,
    monitor: [
      running.prometheusUrl
        ? `Monitor tab: ${running.jaeger.queryUrl}/monitor (Prometheus ${running.prometheusUrl})`
        : `Monitor tab stays empty: no Prometheus (${prometheus.reason ?? 'not found'}); build it once with npm run prometheus:build`,
      tiered
        ? `tail sampling on: errors, traces over 1500 ms, chaos experiments and ${share} % of the rest are kept (TAIL_SAMPLING_PERCENT)`
        : 'every trace is kept (TAIL_SAMPLING=on for the tail-sampling tier)',
    ],
  };
}

/** What `npm run chaos` needs to find this suite, signal its processes and start them again. */
async function publishState(
  root: string,
  group: ProcessGroup,
  suite: RunningSuite,
  { chaosToken, jaegerUi }: { chaosToken: string | undefined; jaegerUi: string | undefined },
): Promise<void> {
  const controlToken = newToken();
  let controlUrl = '';
  const saveState = () => {
    const services = Object.fromEntries(
      Object.entries(suite.urls).map(([name, url]) => {
        const managed = group.get(name);
        return [name, { url, ...(managed && !managed.exited ? { pid: managed.child.pid } : {}) }];
      }),
    ) as SuiteState['services'];
    writeSuiteState(root, {
      version: 1,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      services,
      control: { url: controlUrl, token: controlToken },
      ...(chaosToken ? { chaosToken } : {}),
      ...(jaegerUi ? { jaegerUrl: jaegerUi } : {}),
    });
  };
  ({ url: controlUrl } = await serveSuiteControl(controlToken, async (name: ServiceName) => {
    await suite.start(name);
    saveState();
  }));
  saveState();
}

function printReady(
  suite: RunningSuite,
  tracing: Tracing,
  loyaltyTracer: 'jaeger-client' | 'otel',
): void {
  const row = (name: string, url: string) => `  ${name.padEnd(24)} ${url}`;
  console.log(
    [
      '',
      styleText(['bold', 'green'], 'the suite is ready'),
      row('demo page', `${suite.urls.bff}/  (the guided tour: README, "Tour")`),
      row('dashboard (BFF)', `${suite.urls.bff}/api/users/42/dashboard`),
      row('  sequential', `${suite.urls.bff}/api/users/42/dashboard?strategy=sequential`),
      row(
        'checkout',
        `curl -X POST ${suite.urls.bff}/api/checkout -H 'content-type: application/json' -d '{"userId":"42","items":[{"sku":"${SKUS[0]}","quantity":1}]}'`,
      ),
      ...Object.entries(suite.urls)
        .filter(([n]) => n !== 'bff')
        .map(([n, u]) => row(n, u)),
      row(
        'Jaeger',
        tracing.ui ? `${tracing.ui} (API; npm run trace -- <traceId> draws a trace)` : '-',
      ),
      `  ${tracing.note}`,
      ...(tracing.monitor ?? []).map((line) => `  ${line}`),
      loyaltyTracer === 'jaeger-client'
        ? `  loyalty-service is the legacy service: jaeger-client -> ${tracing.thriftUrl} (LOYALTY_TRACER=otel to migrate it; TRACE_SEAM=broken to see a split trace)`
        : '  loyalty-service traces with OpenTelemetry (LOYALTY_TRACER=otel)',
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const root = repoRoot();
  const group = new ProcessGroup('prefixed');
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the suite…');
    removeSuiteState(root);
    await group.stopAll();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const env: NodeJS.ProcessEnv = {};
  // Each child writes JSON to a pipe; make it readable when a person is watching.
  if (process.stdout.isTTY && !process.env['LOG_FORMAT']) env['LOG_FORMAT'] = 'pretty';
  // `npm run chaos` injects faults through the services' admin API: enabled with a per-run secret that
  // only .data/run/suite.json (owner-only) holds; CHAOS_ADMIN=off keeps it off.
  const chaosToken =
    process.env['CHAOS_ADMIN'] === 'off'
      ? undefined
      : (process.env['CHAOS_ADMIN_TOKEN'] ?? newToken());
  if (chaosToken) env['CHAOS_ADMIN_TOKEN'] = chaosToken;

  const loyaltyTracer = legacyTracer();
  const tracing = await startTracing(root, group, env);

  console.log(
    styleText('bold', 'starting user, order, loyalty and recommendation services, then the BFF…'),
  );
  const suite = await launchSuite(group, {
    root,
    env,
    legacyTracing: loyaltyTracer === 'jaeger-client' ? ['loyalty-service'] : [],
    jaegerThriftUrl: tracing.thriftUrl,
  });

  await publishState(root, group, suite, { chaosToken, jaegerUi: tracing.ui });
  printReady(suite, tracing, loyaltyTracer);
}

main().catch((error: unknown) => {
  console.error(styleText('red', `npm start failed: ${(error as Error).message}`));
  process.exit(1);
});

// npm start: Jaeger (when a binary is available) and the five services as local processes.
import { styleText } from 'node:util';
import {
  DEFAULT_JAEGER_PORTS,
  ProcessGroup,
  findJaeger,
  isListening,
  launchJaeger,
  launchSuite,
  newToken,
  removeSuiteState,
  serveSuiteControl,
  writeSuiteState,
  type ServiceName,
  type SuiteState,
  repoRoot,
} from '@suite/harness';

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

  let jaegerNote: string;
  // loyalty-service is the "legacy service": it traces with jaeger-client over Thrift unless
  // LOYALTY_TRACER=otel (libs/telemetry/src/switches.ts has the switches).
  const loyaltyTracer = process.env['LOYALTY_TRACER'] ?? 'jaeger-client';
  if (loyaltyTracer !== 'jaeger-client' && loyaltyTracer !== 'otel') {
    throw new Error(`LOYALTY_TRACER=${loyaltyTracer} is not valid: use jaeger-client or otel`);
  }
  let jaegerThriftUrl = process.env['JAEGER_ENDPOINT'] ?? 'http://127.0.0.1:14268/api/traces';
  let jaegerUi: string | undefined;
  const otlp = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (otlp) {
    jaegerNote = `exporting spans to ${otlp} (OTEL_EXPORTER_OTLP_ENDPOINT)`;
  } else if (await isListening(DEFAULT_JAEGER_PORTS.otlpHttp)) {
    jaegerNote = `a collector already listens on :${DEFAULT_JAEGER_PORTS.otlpHttp}; exporting spans to it`;
    jaegerUi = `http://127.0.0.1:${DEFAULT_JAEGER_PORTS.query}`;
  } else {
    const jaeger = await findJaeger(root, { build: false });
    if (jaeger.binary) {
      const running = await launchJaeger(group, { root, binary: jaeger.binary });
      env['OTEL_EXPORTER_OTLP_ENDPOINT'] = running.otlpHttpUrl;
      jaegerThriftUrl = `http://127.0.0.1:${running.ports.thriftHttp}/api/traces`;
      jaegerUi = running.queryUrl;
      jaegerNote = `Jaeger ${jaeger.binary}`;
    } else {
      jaegerNote =
        `no Jaeger here (${jaeger.reason}). Spans go to http://127.0.0.1:4318 if a collector appears there; ` +
        'for traces now: npm run jaeger:build, or docker compose up';
    }
  }

  console.log(
    styleText('bold', 'starting user, order, loyalty and recommendation services, then the BFF…'),
  );
  const suite = await launchSuite(group, {
    root,
    env,
    legacyTracing: loyaltyTracer === 'jaeger-client' ? ['loyalty-service'] : [],
    jaegerThriftUrl,
  });

  // What `npm run chaos` needs to find this suite, signal its processes and start them again.
  const controlToken = newToken();
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
  const { url: controlUrl } = await serveSuiteControl(controlToken, async (name: ServiceName) => {
    await suite.start(name);
    saveState();
  });
  saveState();

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
        `curl -X POST ${suite.urls.bff}/api/checkout -H 'content-type: application/json' -d '{"userId":"42","items":[{"sku":"BOO-101","quantity":1}]}'`,
      ),
      ...Object.entries(suite.urls)
        .filter(([n]) => n !== 'bff')
        .map(([n, u]) => row(n, u)),
      row('Jaeger', jaegerUi ? `${jaegerUi} (API; npm run trace -- <traceId> draws a trace)` : '-'),
      `  ${jaegerNote}`,
      loyaltyTracer === 'jaeger-client'
        ? `  loyalty-service is the legacy service: jaeger-client -> ${jaegerThriftUrl} (LOYALTY_TRACER=otel to migrate it; TRACE_SEAM=broken to see a split trace)`
        : '  loyalty-service traces with OpenTelemetry (LOYALTY_TRACER=otel)',
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(styleText('red', `npm start failed: ${(error as Error).message}`));
  process.exit(1);
});

import type { IncomingMessage } from 'node:http';
import {
  getNodeAutoInstrumentations,
  type InstrumentationConfigMap,
} from '@opentelemetry/auto-instrumentations-node';
import { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { envValue, withProcessEnv } from './env/process-env';

/** Liveness and readiness probes run every few seconds: tracing them only buries real traces. */
export function isProbe(url: string | undefined): boolean {
  return url?.startsWith('/health/') ?? false;
}

/**
 * The suite's default for an unset OTEL_NODE_ENABLED_INSTRUMENTATIONS: only what a reader of a trace
 * needs. http: server spans; express: route names ("GET /api/users/:userId/dashboard"); nestjs-core:
 * controller and handler spans; pino: trace_id and span_id on every log line.
 * Not undici: outgoing calls are traced by @suite/clients (over node:http), which knows the route
 * template and the resilience story of each call, so undici would add a second client span.
 */
export const DEFAULT_INSTRUMENTATIONS = 'http,express,nestjs-core,pino';

/** How each instrumentation is set up when it is on; whether it is on is the variables' business. */
export const INSTRUMENTATION_CONFIG: InstrumentationConfigMap = {
  '@opentelemetry/instrumentation-http': {
    ignoreIncomingRequestHook: (req: IncomingMessage) => isProbe(req.url),
    // Outgoing calls are traced by @suite/clients; the OTLP exporter's own calls are noise. Not
    // patched at all: an ignore hook still ran the wrapper on every call (a tenth of the BFF's CPU).
    disableOutgoingRequestInstrumentation: true,
  },
  // Route names for server spans, but no span per middleware, router or handler layer.
  '@opentelemetry/instrumentation-express': {
    ignoreLayersType: [
      ExpressLayerType.MIDDLEWARE,
      ExpressLayerType.ROUTER,
      ExpressLayerType.REQUEST_HANDLER,
    ],
  },
  // Log correlation only: Jaeger stores no logs, so log records are not sent as telemetry.
  '@opentelemetry/instrumentation-pino': { disableLogSending: true },
};

export function enabledInstrumentationsSetting(env: NodeJS.ProcessEnv): string {
  return envValue(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS') ?? DEFAULT_INSTRUMENTATIONS;
}

/**
 * getNodeAutoInstrumentations with the suite's configuration. It reads
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS and OTEL_NODE_DISABLED_INSTRUMENTATIONS itself, as documented;
 * the config sets no `enabled` flag (that would override both), the suite only supplies its default
 * list where OTEL_NODE_ENABLED_INSTRUMENTATIONS is unset.
 */
export function suiteInstrumentations(env: NodeJS.ProcessEnv = process.env): Instrumentation[] {
  return withProcessEnv(
    {
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: enabledInstrumentationsSetting(env),
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: env['OTEL_NODE_DISABLED_INSTRUMENTATIONS'],
    },
    () => getNodeAutoInstrumentations(INSTRUMENTATION_CONFIG),
  );
}

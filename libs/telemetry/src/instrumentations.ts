import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';

/** Liveness and readiness probes run every few seconds: tracing them only buries real traces. */
export function isProbe(url: string | undefined): boolean {
  return url?.startsWith('/health/') ?? false;
}

/**
 * Only what a reader of a trace needs: server spans (http), route names (express), controller and
 * handler spans (nest). Outgoing HTTP calls are traced by @suite/clients, which knows the route
 * template and the resilience story of each call; fs/net/dns and middleware spans stay off.
 */
export function suiteInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req: IncomingMessage) => isProbe(req.url),
      // Outgoing calls are traced by @suite/clients; the OTLP exporter's own calls are noise.
      ignoreOutgoingRequestHook: () => true,
    }),
    // Names server spans after the matched route ("GET /api/users/:userId/dashboard"), no layer spans.
    new ExpressInstrumentation({
      ignoreLayersType: [
        ExpressLayerType.MIDDLEWARE,
        ExpressLayerType.ROUTER,
        ExpressLayerType.REQUEST_HANDLER,
      ],
    }),
    new NestInstrumentation(),
  ];
}

import { context, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { CorrelationIdPropagator } from '@suite/correlation';
import { initTracerFromEnv, type JaegerTracer, type Reporter } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS, initGlobalTracer } from 'opentracing';
import { suiteInstrumentations } from '../instrumentations';
import { traceSeam, type TraceSeam } from '../switches';
import { JaegerClientPropagator } from './jaeger-propagator';
import { adaptRemoteSampler, jaegerSamplerConfig } from './jaeger-sampler';
import { LegacyHeadersCodec } from './legacy-codec';
import { keepJaegerTracer, runningJaegerTracer } from './running-tracer';
import { JaegerTracerProvider } from './opentracing-bridge';

export interface JaegerClientOptions {
  /** JAEGER_SERVICE_NAME wins, as in any jaeger-client service. */
  serviceName?: string;
  /** Tests pass jaeger-client's InMemoryReporter; otherwise the JAEGER_* variables choose the sender. */
  reporter?: Reporter;
  seam?: TraceSeam;
}

/**
 * A jaeger-client tracer configured the way jaeger-client services are, by the standard variables
 * (JAEGER_ENDPOINT for the collector's Thrift HTTP endpoint, else JAEGER_AGENT_HOST/PORT for UDP:
 * the Node client speaks Thrift binary, port 6832, not compact 6831; JAEGER_SAMPLER_TYPE/PARAM...). Without
 * JAEGER_SAMPLER_TYPE the sampler follows OTEL_TRACES_SAMPLER like the rest of the fleet (the library's
 * own default would poll a sampling server); spans are flushed every 500 ms.
 */
export function createJaegerClientTracer(options: JaegerClientOptions = {}): JaegerTracer {
  const env = process.env;
  const serviceName = env['JAEGER_SERVICE_NAME'] ?? options.serviceName;
  if (!serviceName) {
    throw new Error(
      'jaeger-client needs a service name: set JAEGER_SERVICE_NAME or OTEL_SERVICE_NAME',
    );
  }
  const sampler = jaegerSamplerConfig(env);
  const tracer = initTracerFromEnv(
    {
      serviceName,
      // The fleet's OTEL_TRACES_SAMPLER policy unless JAEGER_SAMPLER_* say otherwise (jaeger-sampler.ts).
      ...(sampler ? { sampler } : {}),
      reporter: { flushIntervalMs: Number(env['JAEGER_REPORTER_FLUSH_INTERVAL'] ?? 500) },
    },
    { logger: reportingLogger(), ...(options.reporter ? { reporter: options.reporter } : {}) },
  );
  adaptRemoteSampler(tracer);
  const codec = new LegacyHeadersCodec(options.seam ?? traceSeam());
  tracer.registerInjector(FORMAT_HTTP_HEADERS, codec);
  tracer.registerExtractor(FORMAT_HTTP_HEADERS, codec);
  return tracer;
}

/** jaeger-client reports every failed flush; one line a minute says enough, and what to check. */
function reportingLogger() {
  let lastError = 0;
  return {
    info: () => undefined,
    error: (message: string) => {
      if (Date.now() - lastError < 60_000) return;
      lastError = Date.now();
      console.error(
        `jaeger-client: ${message} (is Jaeger up? check JAEGER_ENDPOINT or JAEGER_AGENT_HOST/JAEGER_AGENT_PORT)`,
      );
    },
  };
}

/**
 * What a legacy process reads and writes: jaeger-client's headers (see LegacyHeadersCodec), then the
 * correlation id. No W3C traceparent or baggage: a jaeger-client service does not know them.
 */
export function legacyPropagator(tracer: JaegerTracer, seam: TraceSeam): TextMapPropagator {
  return new CompositePropagator({
    propagators: [
      new JaegerClientPropagator(tracer, new LegacyHeadersCodec(seam)),
      new CorrelationIdPropagator(),
    ],
  });
}

/**
 * Legacy mode (TRACER=jaeger-client): jaeger-client makes and reports every span. The OpenTelemetry
 * API is kept only as the front door: its global TracerProvider is a bridge to jaeger-client and its
 * propagator is jaeger-client's inject/extract, so instrumentations and suite code stay as they are
 * and the OpenTelemetry SDK never starts.
 */
export function startJaegerClientTelemetry(options: JaegerClientOptions = {}): JaegerTracer {
  const running = runningJaegerTracer();
  if (running) return running;

  const seam = options.seam ?? traceSeam();
  const tracer = createJaegerClientTracer({ ...options, seam });
  // Request-scoped context (the active span, the correlation id in baggage) for logs and child spans.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(legacyPropagator(tracer, seam));
  const provider = new JaegerTracerProvider(tracer);
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({ instrumentations: suiteInstrumentations(), tracerProvider: provider });
  // Code written against OpenTracing itself (opentracing.globalTracer()) gets the same tracer.
  initGlobalTracer(tracer);
  keepJaegerTracer(tracer);
  return tracer;
}

import { basename, dirname } from 'node:path';
import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { CorrelationIdPropagator } from '@suite/correlation';
import { CorrelationAttributeSampler } from './correlation-sampler';
import { EdgeBaggagePropagator, isEdgeService } from './edge-baggage';
import { suiteInstrumentations } from './instrumentations';
import { JaegerFriendlyB3Propagator } from './jaeger/jaeger-friendly-b3';
import { shutdownJaegerClientTelemetry } from './jaeger/jaeger-telemetry';
import { traceSeam } from './switches';

export interface TelemetryOptions {
  /** Defaults to OTEL_SERVICE_NAME, then to the app's folder name (apps/<name>/dist/main.js). */
  serviceName?: string;
  /** Tests pass an in-memory exporter; otherwise the exporter comes from the standard OTEL_* variables. */
  exporter?: SpanExporter;
}

const SDK_KEY = Symbol.for('@suite/telemetry.sdk');
type GlobalWithSdk = typeof globalThis & { [SDK_KEY]?: NodeSDK };

export function defaultServiceName(entry = process.argv[1]): string | undefined {
  if (process.env['OTEL_SERVICE_NAME']) return process.env['OTEL_SERVICE_NAME'];
  return entry ? basename(dirname(dirname(entry))) : undefined;
}

/**
 * What OpenTelemetry processes send and read: W3C trace context and baggage, the correlation id and,
 * unless TRACE_SEAM=broken, B3 multi-header, the bridge to jaeger-client services (OpenTelemetry 3.x
 * has no `uber-trace-id` propagator; jaeger-client's Zipkin codec reads and writes B3).
 */
export function suitePropagator(
  env: NodeJS.ProcessEnv = process.env,
  serviceName: string | undefined = defaultServiceName(),
): TextMapPropagator {
  return new CompositePropagator({
    // Order matters: the correlation propagator reads the baggage extracted before it; B3 comes after
    // traceparent, so a jaeger-client caller (B3 only) is still understood.
    propagators: [
      new W3CTraceContextPropagator(),
      ...(traceSeam(env) === 'bridged' ? [new JaegerFriendlyB3Propagator()] : []),
      // At the edge (the BFF), outside baggage is filtered to an allowlist (edge-baggage.ts).
      isEdgeService(env, serviceName) ? new EdgeBaggagePropagator() : new W3CBaggagePropagator(),
      new CorrelationIdPropagator(),
    ],
  });
}

/** Starts the OpenTelemetry SDK once per process; call it before anything it instruments is loaded. */
export function startTelemetry(options: TelemetryOptions = {}): NodeSDK {
  const holder = globalThis as GlobalWithSdk;
  const running = holder[SDK_KEY];
  if (running) return running;

  // Traces only: Jaeger stores no metrics or logs, and exporting them there fails on every flush.
  process.env['OTEL_METRICS_EXPORTER'] ??= 'none';
  process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const serviceName = options.serviceName ?? defaultServiceName();
  const sdk = new NodeSDK({
    ...(serviceName ? { serviceName } : {}),
    sampler: new CorrelationAttributeSampler(
      new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    ),
    textMapPropagator: suitePropagator(process.env, serviceName),
    instrumentations: suiteInstrumentations(),
    ...(options.exporter
      ? { spanProcessors: [new SimpleSpanProcessor({ exporter: options.exporter })] }
      : {}),
  });
  sdk.start();
  holder[SDK_KEY] = sdk;
  return sdk;
}

/** Flushes and stops the SDK (or jaeger-client, in legacy mode); safe to call when it never started. */
export async function shutdownTelemetry(): Promise<void> {
  await shutdownJaegerClientTelemetry();
  const holder = globalThis as GlobalWithSdk;
  const sdk = holder[SDK_KEY];
  if (!sdk) return;
  delete holder[SDK_KEY];
  await sdk.shutdown();
}

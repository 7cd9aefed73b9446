import { basename, dirname } from 'node:path';
import type { TextMapPropagator } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { CorrelationAttributeSampler } from './correlation-sampler';
import { isEdgeService } from './edge-baggage';
import { envValue, warnOnStderr, type Warn } from './env/process-env';
import { propagatorFromEnv } from './env/propagators';
import { resourceDetectorsFromEnv } from './env/resource-detectors';
import { samplerFromEnv } from './env/sampler';
import { suiteInstrumentations } from './instrumentations';
import { shutdownJaegerClientTelemetry } from './jaeger/running-tracer';

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

/** service.name set through OTEL_RESOURCE_ATTRIBUTES: then the folder name must not replace it. */
function serviceNameFromResourceAttributes(env: NodeJS.ProcessEnv): boolean {
  return (envValue(env, 'OTEL_RESOURCE_ATTRIBUTES') ?? '')
    .split(',')
    .some((pair) => pair.split('=')[0]?.trim() === 'service.name');
}

/** OTEL_SDK_DISABLED=true, read as the specification says (case-insensitive "true"). */
export function sdkDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return envValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true';
}

/** The propagator OpenTelemetry processes use (see env/propagators.ts). */
export function suitePropagator(
  env: NodeJS.ProcessEnv = process.env,
  serviceName: string | undefined = defaultServiceName(),
  warn: Warn = warnOnStderr,
): TextMapPropagator {
  return propagatorFromEnv(env, isEdgeService(env, serviceName), warn);
}

/**
 * Starts the OpenTelemetry SDK once per process; call it before anything it instruments is loaded.
 *
 * The standard variables decide: NodeSDK builds the exporter and its batch processor from
 * OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_* and OTEL_BSP_* (no span processor is handed to it, which
 * would replace them), and the sampler is the one OTEL_TRACES_SAMPLER/ARG describe, wrapped so every
 * span also carries the correlation id. The suite's defaults fill only unset variables.
 */
export function startTelemetry(options: TelemetryOptions = {}): NodeSDK | undefined {
  const holder = globalThis as GlobalWithSdk;
  const running = holder[SDK_KEY];
  if (running) return running;
  // Nothing is patched or registered: the services run untraced.
  if (sdkDisabled()) return undefined;

  // Traces only: Jaeger stores no metrics or logs, and exporting them there fails on every flush.
  process.env['OTEL_METRICS_EXPORTER'] ??= 'none';
  process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const env = process.env;
  const serviceName =
    options.serviceName ??
    (envValue(env, 'OTEL_SERVICE_NAME') !== undefined || !serviceNameFromResourceAttributes(env)
      ? defaultServiceName()
      : undefined);
  const sdk = new NodeSDK({
    ...(serviceName ? { serviceName } : {}),
    sampler: new CorrelationAttributeSampler(samplerFromEnv(env)),
    textMapPropagator: suitePropagator(env, serviceName ?? defaultServiceName()),
    instrumentations: suiteInstrumentations(env),
    resourceDetectors: resourceDetectorsFromEnv(env),
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

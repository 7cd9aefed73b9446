// The chaos tools' own spans (service `chaos`): a run, its probes, actions, rollbacks, game-day faults.
import {
  context,
  trace,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { JAEGER_PORTS } from '@suite/contracts';

export interface ChaosTracing {
  tracer: Tracer;
  /** Exports what is left; call before the process ends. */
  shutdown(): Promise<void>;
}

const noop: ChaosTracing = {
  tracer: trace.getTracer('chaos'),
  shutdown: () => Promise.resolve(),
};

/**
 * A tracer that exports to the Jaeger the run uses: the OTLP endpoint of OTEL_EXPORTER_OTLP_* when set
 * (read by the exporter, as the specification says), else `otlpHttpUrl`, else the default port.
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off.
 */
export function chaosTracing(otlpHttpUrl?: string, env = process.env): ChaosTracing {
  if (env['OTEL_SDK_DISABLED']?.toLowerCase() === 'true') return noop;
  if (env['OTEL_TRACES_EXPORTER']?.split(',').includes('none')) return noop;
  const fromEnv = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const base = otlpHttpUrl ?? `http://127.0.0.1:${JAEGER_PORTS.otlpHttp}`;
  const exporter = new OTLPTraceExporter(
    fromEnv ? {} : { url: `${base.replace(/\/$/, '')}/v1/traces` },
  );
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] ?? 'chaos' }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  return {
    tracer: provider.getTracer('@suite/chaos'),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}

/** Links to a few request traces (the degraded ones a probe saw), at their BFF server spans. */
export function traceLinks(samples: { traceId?: string; spanId?: string }[], max = 3): Link[] {
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const { traceId, spanId } of samples) {
    if (links.length >= max || !traceId || !spanId || seen.has(traceId)) continue;
    if (!/^[0-9a-f]{32}$/.test(traceId) || !/^[0-9a-f]{16}$/.test(spanId)) continue;
    seen.add(traceId);
    links.push({
      context: { traceId, spanId, traceFlags: 1, isRemote: true },
      attributes: { 'chaos.link': 'degraded request' },
    });
  }
  return links;
}

/** A context whose parent is the span `parent` (the run's root span, possibly in another process). */
export function underParent(parent: { traceId: string; spanId: string }): Context {
  return trace.setSpanContext(context.active(), { ...parent, traceFlags: 1, isRemote: true });
}

export function childOf(span: Span): Context {
  return trace.setSpan(context.active(), span);
}

/** Ends `span` with the outcome of a probe, action or rollback as attributes and status. */
export function endWithOutcome(span: Span, ok: boolean, detail: string, end?: number): void {
  span.setAttributes({
    'chaos.outcome': ok ? 'ok' : 'failed',
    'chaos.detail': detail.slice(0, 500),
  });
  span.setStatus(ok ? { code: 1 } : { code: 2, message: detail.slice(0, 200) });
  span.end(end);
}

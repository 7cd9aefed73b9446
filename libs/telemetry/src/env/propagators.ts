import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding } from '@opentelemetry/propagator-b3';
import { CorrelationIdPropagator } from '@suite/correlation';
import { EdgeBaggagePropagator } from '../edge-baggage';
import { JaegerFriendlyB3Propagator } from '../jaeger/jaeger-friendly-b3';
import { traceSeam } from '../switches';
import { envList, warnOnStderr, type Warn } from './process-env';

/**
 * The suite's default for an unset OTEL_PROPAGATORS: W3C trace context and baggage, plus B3
 * multi-header (the bridge to jaeger-client services) unless TRACE_SEAM=broken.
 */
export function propagatorNames(env: NodeJS.ProcessEnv, warn: Warn = warnOnStderr): string[] {
  const names = envList(env, 'OTEL_PROPAGATORS');
  if (names === undefined || names.length === 0) {
    return ['tracecontext', 'baggage', ...(traceSeam(env) === 'bridged' ? ['b3multi'] : [])];
  }
  if (names.includes('none')) return [];
  const unique = [...new Set(names)];
  const known = unique.filter((name) => KNOWN.has(name));
  for (const name of unique.filter((n) => !KNOWN.has(n))) {
    warn(
      `OTEL_PROPAGATORS entry "${name}" is not available here; it is skipped. ` +
        `Use any of ${[...KNOWN].join(', ')}, or none.`,
    );
  }
  return known;
}

const KNOWN = new Set(['tracecontext', 'baggage', 'b3', 'b3multi']);

/**
 * What OpenTelemetry processes send and read: the propagators OTEL_PROPAGATORS names (the suite's
 * set when unset), each as the suite needs it, then the correlation id.
 * - baggage: at the edge (the BFF) outside baggage is filtered to an allowlist (edge-baggage.ts).
 * - b3 / b3multi: read span ids the way jaeger-client writes them (jaeger-friendly-b3.ts).
 * - x-correlation-id is the suite's own header, not a trace format: it is always there, even with
 *   OTEL_PROPAGATORS=none, and it goes last because it reads the baggage extracted before it.
 */
export function propagatorFromEnv(
  env: NodeJS.ProcessEnv,
  edge: boolean,
  warn: Warn = warnOnStderr,
): TextMapPropagator {
  const propagators = propagatorNames(env, warn).map((name): TextMapPropagator => {
    switch (name) {
      case 'tracecontext':
        return new W3CTraceContextPropagator();
      case 'baggage':
        return edge ? new EdgeBaggagePropagator() : new W3CBaggagePropagator();
      case 'b3':
        return new JaegerFriendlyB3Propagator(B3InjectEncoding.SINGLE_HEADER);
      default:
        return new JaegerFriendlyB3Propagator(B3InjectEncoding.MULTI_HEADER);
    }
  });
  return new CompositePropagator({ propagators: [...propagators, new CorrelationIdPropagator()] });
}

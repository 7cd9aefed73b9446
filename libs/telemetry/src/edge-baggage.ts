import {
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { CORRELATION_BAGGAGE_KEY, isValidCorrelationId } from '@suite/correlation';

const SAFE_VALUE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The only baggage entries a caller outside the suite may set, each with the values it may take.
 * Everything else (other keys, odd values, entry metadata) is dropped at the edge before it can
 * reach a span, a log line or a downstream call.
 */
export const EDGE_BAGGAGE_ALLOWLIST: Readonly<Record<string, (value: string) => boolean>> = {
  [CORRELATION_BAGGAGE_KEY]: isValidCorrelationId,
  'app.synthetic': (value) => value === 'true' || value === 'false',
  'chaos.experiment': (value) => SAFE_VALUE.test(value),
};

/**
 * W3C baggage for the edge service (the BFF): extracts like the standard propagator, then keeps only
 * the allowlisted entries with valid values. Inject is unchanged: what the suite itself sets is trusted.
 */
export class EdgeBaggagePropagator implements TextMapPropagator {
  private readonly inner = new W3CBaggagePropagator();

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.inner.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.inner.extract(context, carrier, getter);
    const baggage = propagation.getBaggage(extracted);
    if (!baggage) return extracted;
    const kept = Object.fromEntries(
      baggage
        .getAllEntries()
        .filter(([key, entry]) => EDGE_BAGGAGE_ALLOWLIST[key]?.(entry.value) === true)
        .map(([key, entry]) => [key, { value: entry.value }]),
    );
    return Object.keys(kept).length
      ? propagation.setBaggage(extracted, propagation.createBaggage(kept))
      : propagation.deleteBaggage(extracted);
  }

  fields(): string[] {
    return this.inner.fields();
  }
}

/**
 * TELEMETRY_EDGE=true|false: whether this process faces callers outside the suite and so filters
 * their baggage. Defaults to true for the service named `bff` (the only published one), false otherwise.
 */
export function isEdgeService(
  env: NodeJS.ProcessEnv = process.env,
  serviceName: string | undefined = undefined,
): boolean {
  const raw = env['TELEMETRY_EDGE'];
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw !== undefined && raw !== '') {
    throw new Error(`TELEMETRY_EDGE=${raw} is not valid: set it to true or false, or unset it`);
  }
  return serviceName === 'bff';
}

import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';

const SPAN_ID_HEADER = 'x-b3-spanid';
const SHORT_HEX = /^[0-9a-f]{1,15}$/i;

/**
 * B3 multi-header, reading span ids the way jaeger-client writes them: without leading zeros.
 * OpenTelemetry's B3 extractor pads a short trace id but refuses a span id of fewer than 16 digits,
 * so about one jaeger-client call in sixteen would otherwise start a new trace.
 */
export class JaegerFriendlyB3Propagator implements TextMapPropagator {
  private readonly b3: B3Propagator;

  /** Multi-header (`b3multi`) by default: jaeger-client's Zipkin codec reads only that form. */
  constructor(injectEncoding: B3InjectEncoding = B3InjectEncoding.MULTI_HEADER) {
    this.b3 = new B3Propagator({ injectEncoding });
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.b3.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const padded: TextMapGetter = {
      keys: (c) => getter.keys(c),
      get: (c, key) => {
        const value = getter.get(c, key);
        if (key !== SPAN_ID_HEADER) return value;
        const id = Array.isArray(value) ? value[0] : value;
        return id !== undefined && SHORT_HEX.test(id) ? id.padStart(16, '0') : value;
      },
    };
    return this.b3.extract(context, carrier, padded);
  }

  fields(): string[] {
    return this.b3.fields();
  }
}

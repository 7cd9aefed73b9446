import { TextMapCodec, ZipkinB3TextMapCodec, type Extractor, type Injector } from 'jaeger-client';
import type * as opentracing from 'opentracing';
import type { TraceSeam } from '../switches';

/** What jaeger-client's SpanContext has beyond OpenTracing's (its @types leave these out). */
export interface JaegerSpanContext extends opentracing.SpanContext {
  /** Hex, leading zeros removed: 16 or 32 digits at most. */
  readonly traceIdStr: string | undefined;
  readonly spanIdStr: string | undefined;
  readonly parentIdStr: string | null | undefined;
  readonly isValid: boolean;
  readonly baggage: Record<string, string>;
  isSampled(): boolean;
  withBaggageItem(key: string, value: string): JaegerSpanContext;
}

/** jaeger-client's own HTTP header codec: `uber-trace-id` and `uberctx-*` baggage, URL-encoded. */
function nativeCodec(): TextMapCodec {
  return new TextMapCodec({
    urlEncoding: true,
    contextKey: 'uber-trace-id',
    baggagePrefix: 'uberctx-',
  });
}

/**
 * The headers a legacy (jaeger-client) service reads and writes. Bridged: its native `uber-trace-id`
 * first, else B3 (what OpenTelemetry's B3Propagator sends), and both on the way out, so OpenTelemetry
 * services and other jaeger-client services downstream all continue the trace. Broken: native only,
 * the state of a fleet before anyone planned the seam.
 */
export class LegacyHeadersCodec implements Injector, Extractor {
  private readonly native = nativeCodec();
  private readonly b3 = new ZipkinB3TextMapCodec({ urlEncoding: true });

  constructor(private readonly seam: TraceSeam) {}

  inject(spanContext: opentracing.SpanContext, carrier: Record<string, string>): void {
    this.native.inject(spanContext, carrier);
    if (this.seam === 'bridged') this.b3.inject(spanContext, carrier);
  }

  extract(carrier: Record<string, string>): opentracing.SpanContext | null {
    const native = this.native.extract(carrier) as JaegerSpanContext | null;
    if (native?.isValid || this.seam === 'broken') return native;
    const b3 = this.b3.extract(carrier) as JaegerSpanContext | null;
    return b3?.isValid ? b3 : native;
  }

  fields(): string[] {
    const native = ['uber-trace-id'];
    return this.seam === 'bridged'
      ? [
          ...native,
          'x-b3-traceid',
          'x-b3-spanid',
          'x-b3-parentspanid',
          'x-b3-sampled',
          'x-b3-flags',
        ]
      : native;
  }
}

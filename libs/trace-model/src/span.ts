export type AttributeValue = string | number | boolean | (string | number | boolean)[];

/** One span, the same shape whether it was read from Jaeger's API or received over OTLP. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId?: string;
  service: string;
  name: string;
  kind: 'server' | 'client' | 'internal' | 'producer' | 'consumer' | 'unspecified';
  /** Microseconds since the epoch. */
  startUs: number;
  durationUs: number;
  attributes: Record<string, AttributeValue>;
  events: { name: string; timeUs: number; attributes: Record<string, AttributeValue> }[];
  links: { traceId: string; spanId: string }[];
  error: boolean;
}

export const endUs = (span: TraceSpan): number => span.startUs + span.durationUs;

import type { AttributeValue, TraceSpan } from './span';

interface JaegerTag {
  key: string;
  type: string;
  value: AttributeValue;
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
}
/** A trace as Jaeger's query API (`/api/traces`) returns it. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const KINDS = new Set<TraceSpan['kind']>(['server', 'client', 'internal', 'producer', 'consumer']);

/** Jaeger's JSON (tags as a list, kind and status as tags) to the suite's span model. */
export function fromJaegerTrace(trace: JaegerTrace): TraceSpan[] {
  return trace.spans.map((span) => {
    const attributes = Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
    const kind = String(attributes['span.kind'] ?? 'unspecified') as TraceSpan['kind'];
    const parent = span.references.find(
      (r) => r.refType === 'CHILD_OF' && r.traceID === span.traceID,
    );
    return {
      traceId: span.traceID,
      spanId: span.spanID,
      ...(parent ? { parentSpanId: parent.spanID } : {}),
      service: trace.processes[span.processID]?.serviceName ?? 'unknown',
      name: span.operationName,
      kind: KINDS.has(kind) ? kind : 'unspecified',
      startUs: span.startTime,
      durationUs: span.duration,
      attributes,
      events: span.logs.map((log) => {
        const fields = Object.fromEntries(log.fields.map((f) => [f.key, f.value]));
        return {
          name: String(fields['event'] ?? 'log'),
          timeUs: log.timestamp,
          attributes: fields,
        };
      }),
      links: span.references
        .filter((r) => r.refType === 'FOLLOWS_FROM' || r.traceID !== span.traceID)
        .map((r) => ({ traceId: r.traceID, spanId: r.spanID })),
      error: attributes['error'] === true || attributes['otel.status_code'] === 'ERROR',
    };
  });
}

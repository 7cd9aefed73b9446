import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AttributeValue, TraceSpan } from '@suite/trace-model';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  events?: { timeUnixNano: string | number; name: string; attributes?: OtlpKeyValue[] }[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number };
}
interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

const KINDS: TraceSpan['kind'][] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

function value(v: OtlpValue): AttributeValue {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return (v.arrayValue?.values ?? []).map((x) => value(x) as string);
}

function attributes(list: OtlpKeyValue[] = []): Record<string, AttributeValue> {
  return Object.fromEntries(list.map((kv) => [kv.key, value(kv.value)]));
}

const micros = (nanos: string | number) => Number(BigInt(nanos) / 1000n);

/**
 * A stand-in for a collector: accepts OTLP/HTTP JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) on
 * /v1/traces and keeps every span, so a test can inspect what real service processes exported.
 */
export class OtlpSink {
  readonly spans: TraceSpan[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: String(error) }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  trace(traceId: string): TraceSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  /** Waits until the trace holds at least `minSpans` spans and then stops growing for a moment. */
  async waitForTrace(traceId: string, minSpans: number, timeoutMs = 10_000): Promise<TraceSpan[]> {
    const deadline = Date.now() + timeoutMs;
    let seen = -1;
    for (;;) {
      const spans = this.trace(traceId);
      if (spans.length >= minSpans && spans.length === seen) return spans;
      if (Date.now() > deadline) {
        throw new Error(
          `trace ${traceId} holds ${spans.length} spans after ${timeoutMs} ms; expected at least ${minSpans}`,
        );
      }
      seen = spans.length;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  private receive(request: OtlpRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(
        attributes(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown',
      );
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          const startUs = micros(span.startTimeUnixNano);
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            service,
            name: span.name,
            kind: KINDS[span.kind] ?? 'unspecified',
            startUs,
            durationUs: micros(span.endTimeUnixNano) - startUs,
            attributes: attributes(span.attributes),
            events: (span.events ?? []).map((e) => ({
              name: e.name,
              timeUs: micros(e.timeUnixNano),
              attributes: attributes(e.attributes),
            })),
            links: (span.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
            error: span.status?.code === 2,
          });
        }
      }
    }
  }
}

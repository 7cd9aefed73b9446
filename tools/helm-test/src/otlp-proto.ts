// Just enough of the protobuf wire format to split an OTLP ExportTraceServiceRequest into spans and
// measure each one's encoded size: no generated code, no extra dependency.

interface Field {
  no: number;
  wire: number;
  /** For length-delimited fields. */
  bytes?: Uint8Array;
}

function varint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  while (pos < buf.length) {
    const [key, next] = varint(buf, pos);
    pos = next;
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) pos = varint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, start] = varint(buf, pos);
      yield { no, wire, bytes: buf.subarray(start, start + len) };
      pos = start + len;
      continue;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    yield { no, wire };
  }
}

const sub = (buf: Uint8Array, no: number): Uint8Array[] =>
  [...fields(buf)].filter((f) => f.no === no && f.bytes).map((f) => f.bytes!);

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface WireSpan {
  traceId: string;
  service: string;
  name: string;
  /** Encoded size of the Span message itself. */
  bytes: number;
  /** Attribute keys (for the storage estimate). */
  attributes: Record<string, string>;
  events: number;
  /** The resource's attributes (Jaeger stores them on every span as process tags). */
  resource: Record<string, string>;
}

function keyValues(buf: Uint8Array, no: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of sub(buf, no)) {
    const key = sub(kv, 1)[0];
    const value = sub(kv, 2)[0];
    if (!key) continue;
    const str = value ? sub(value, 1)[0] : undefined;
    out[text(key)] = str ? text(str) : value ? `<${value.length} bytes>` : '';
  }
  return out;
}

/** Spans of one ExportTraceServiceRequest, each with its service.name and encoded size. */
export function decodeTraces(body: Uint8Array): WireSpan[] {
  const spans: WireSpan[] = [];
  for (const rs of sub(body, 1)) {
    const resource = sub(rs, 1)[0];
    const resourceAttributes = resource ? keyValues(resource, 1) : {};
    const service = resourceAttributes['service.name'] ?? 'unknown';
    for (const ss of sub(rs, 2)) {
      for (const span of sub(ss, 2)) {
        spans.push({
          traceId: hex(sub(span, 1)[0] ?? new Uint8Array()),
          service,
          name: text(sub(span, 5)[0] ?? new Uint8Array()),
          bytes: span.length,
          attributes: keyValues(span, 9),
          events: sub(span, 11).length,
          resource: resourceAttributes,
        });
      }
    }
  }
  return spans;
}

// Spans per request and bytes per span, measured from the real suite: five service processes on
// loopback export OTLP/HTTP protobuf (the SDK default, what production sends) to a sink here that
// decodes every span. Writes bench/results/span-volume.json; docs/scale-out.md builds on it.
//   npx nx run helm-test:span-volume            (needs a build of the apps)
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ProcessGroup, launchSuite, repoRoot } from '@suite/harness';
import { decodeTraces, type WireSpan } from './otlp-proto';

const PER_KIND = Number(process.env['SPAN_VOLUME_REQUESTS'] ?? 40);
const KINDS = ['parallel', 'sequential', 'bounded', 'checkout'] as const;
type Kind = (typeof KINDS)[number];

interface Batch {
  raw: number;
  gzip: number;
  spans: number;
}

async function startSink(spans: WireSpan[], batches: Batch[]) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const decoded = decodeTraces(body);
      spans.push(...decoded);
      batches.push({ raw: body.length, gzip: gzipSync(body).length, spans: decoded.length });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function send(bff: string, kind: Kind, i: number): Promise<string> {
  const response =
    kind === 'checkout'
      ? await fetch(`${bff}/api/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `span-volume-${i}` },
          body: JSON.stringify({ userId: '42', items: [{ sku: 'BOO-101', quantity: 1 }] }),
        })
      : await fetch(`${bff}/api/users/42/dashboard?strategy=${kind}`);
  const body = (await response.json()) as { meta?: { traceId?: string } };
  if (!response.ok || !body.meta?.traceId) {
    throw new Error(
      `${kind} answered ${response.status} without meta.traceId: is the suite built?`,
    );
  }
  return body.meta.traceId;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** What Jaeger writes to Elasticsearch for one span (its dbmodel.Span JSON, tags as key/type/value). */
function jaegerDocumentBytes(span: WireSpan): number {
  const tags = (attrs: Record<string, string>) =>
    Object.entries(attrs).map(([key, value]) => ({ key, type: 'string', value }));
  return JSON.stringify({
    traceID: span.traceId,
    spanID: '0123456789abcdef',
    flags: 1,
    operationName: span.name,
    references: [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: '0123456789abcdef' }],
    startTime: 1_767_225_600_000_000,
    startTimeMillis: 1_767_225_600_000,
    duration: 12_345,
    tags: tags(span.attributes),
    logs: Array.from({ length: span.events }, () => ({
      timestamp: 1_767_225_600_000_000,
      fields: [],
    })),
    process: { serviceName: span.service, tags: tags(span.resource) },
  }).length;
}

async function main(): Promise<void> {
  const spans: WireSpan[] = [];
  const batches: Batch[] = [];
  const sink = await startSink(spans, batches);
  const group = new ProcessGroup('silent');
  const traces = new Map<Kind, string[]>();
  try {
    const suite = await launchSuite(group, {
      root: repoRoot(),
      ports: 'free',
      dataDir: ':memory:',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        RATE_LIMIT_RPS: '0',
      },
    });
    for (const kind of KINDS) {
      const ids: string[] = [];
      for (let i = 0; i < PER_KIND; i++)
        ids.push(await send(suite.urls.bff, kind, ids.length + KINDS.indexOf(kind) * 1000));
      traces.set(kind, ids);
    }
    await new Promise((r) => setTimeout(r, 2000)); // the last batches (schedule delay 100 ms)
  } finally {
    await group.stopAll(5000);
    sink.server.close();
  }
  const byTrace = new Map<string, WireSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const perKind = Object.fromEntries(
    KINDS.map((kind) => {
      const ts = (traces.get(kind) ?? []).map((id) => byTrace.get(id) ?? []);
      const all = ts.flat();
      const counts = ts.map((t) => t.length);
      const services: Record<string, number> = {};
      for (const s of all) services[s.service] = (services[s.service] ?? 0) + 1 / ts.length;
      return [
        kind,
        {
          traces: ts.length,
          spansPerTrace: {
            mean: round(mean(counts)),
            min: Math.min(...counts),
            max: Math.max(...counts),
          },
          spansPerTraceByService: Object.fromEntries(
            Object.entries(services).map(([k, v]) => [k, round(v)]),
          ),
          protobufBytesPerSpan: round(mean(all.map((s) => s.bytes))),
          jaegerDocumentBytesPerSpan: round(mean(all.map(jaegerDocumentBytes))),
        },
      ];
    }),
  );
  const raw = batches.reduce((a, b) => a + b.raw, 0);
  const gzip = batches.reduce((a, b) => a + b.gzip, 0);
  const exported = batches.reduce((a, b) => a + b.spans, 0);
  const result = {
    measuredAt: new Date().toISOString(),
    method:
      'five service processes on loopback (tools/harness launchSuite), OTLP/HTTP protobuf to a decoding sink; requests one at a time',
    requestsPerKind: PER_KIND,
    perKind,
    wire: {
      batches: batches.length,
      spans: exported,
      requestBytesPerSpan: round(raw / exported),
      gzipBytesPerSpan: round(gzip / exported),
    },
  };
  const out = join(repoRoot(), 'bench', 'results', 'span-volume.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(`span-volume: ${(error as Error).message}`);
  process.exitCode = 1;
});

// npm run trace -- <traceId | correlationId> [--json] [--jaeger URL]: a trace from Jaeger, as a waterfall.
import { parseArgs } from 'node:util';
import { DEFAULT_JAEGER_URL } from '@suite/harness';
import { JaegerQueryClient, JaegerQueryError, renderWaterfall } from '@suite/trace-model';

const USAGE = `usage: npm run trace -- <traceId | correlationId> [--json] [--jaeger ${DEFAULT_JAEGER_URL}]
  traceId        32 hex digits, e.g. from the traceresponse header or meta.traceId
  correlationId  the x-correlation-id of a request (searched as tag app.correlation_id)
  --json         print the spans as JSON instead of a waterfall
  --jaeger URL   Jaeger's query API (default: $JAEGER_URL or ${DEFAULT_JAEGER_URL})
  --wait S       how long to wait for the trace to arrive (default 5 seconds)`;

const TRACE_ID = /^[0-9a-f]{32}$/i;

/** The trace id behind a trace id or a correlation id, once Jaeger has it. */
async function traceIdOf(jaeger: JaegerQueryClient, id: string): Promise<string | undefined> {
  if (TRACE_ID.test(id))
    return (await jaeger.trace(id.toLowerCase())) ? id.toLowerCase() : undefined;
  // The BFF is the entry of every trace, and every span carries the correlation id.
  for (const service of ['bff', ...(await jaeger.services())]) {
    const [trace] = await jaeger.search({ service, tags: { 'app.correlation_id': id }, limit: 1 });
    if (trace) return trace[0]!.traceId;
  }
  return undefined;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      jaeger: { type: 'string' },
      wait: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const id = positionals[0];
  if (values.help || !id) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const jaeger = new JaegerQueryClient(
    values.jaeger ?? process.env['JAEGER_URL'] ?? DEFAULT_JAEGER_URL,
  );
  // A trace reaches Jaeger a moment after its request: wait a little before giving up.
  const waitMs = Number(values.wait) * 1000;
  const traceId = await jaeger
    .waitFor(() => traceIdOf(jaeger, id), { timeoutMs: waitMs, what: `trace ${id}` })
    .catch((error: unknown) => {
      if (error instanceof JaegerQueryError && /did not appear/.test(error.message))
        return undefined;
      throw error;
    });
  const spans = traceId ? await jaeger.settledTrace(traceId, { timeoutMs: waitMs }) : undefined;
  if (!spans) {
    console.error(
      `no trace ${id} in Jaeger at ${jaeger.baseUrl}. Spans reach Jaeger a second or two after the request; ` +
        'check the id (meta.traceId or the x-correlation-id header), and that the suite exports to this Jaeger.',
    );
    return 1;
  }
  console.log(
    values.json
      ? JSON.stringify(spans, null, 2)
      : renderWaterfall(spans, { colour: process.stdout.isTTY }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);

// Where the bench's traced suites send their spans: a real Jaeger when a binary is at hand, else
// the in-process OtlpSink.
import { basename, dirname } from 'node:path';
import { findJaeger, freeJaegerPorts, launchJaeger, run, type ProcessGroup } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { JaegerQueryClient, type TraceSpan } from '@suite/trace-model';

export interface Collector {
  /** What the report says about it: a name and a version, never a path. */
  description: string;
  /** Environment that sends spans to it. */
  tracingEnv: NodeJS.ProcessEnv;
  /** Jaeger's process, so that its CPU counts as part of what tracing costs. */
  pid?: number;
  /** The in-process sink, when there is no Jaeger: the bench stops it. */
  sink?: OtlpSink;
  /** A line for the report's notes, when the collector is not Jaeger. */
  note?: string;
  /** The spans of one trace the collector holds so far (none yet: an empty list). */
  readTrace: (traceId: string) => Promise<TraceSpan[]>;
}

/**
 * The Jaeger binary's version: what `jaeger version` says, else the version folder the binary is
 * cached under (infra/jaeger/ensure-jaeger.sh keeps it at <cache>/jaeger/<version>/jaeger).
 */
export async function jaegerVersion(binary: string): Promise<string> {
  const answer = await run(binary, ['version'], { timeoutMs: 10_000 });
  const reported = /"gitVersion"\s*:\s*"(v?\d[^"]*)"/i.exec(answer.stdout + answer.stderr)?.[1];
  if (answer.code === 0 && reported) return reported;
  const folder = basename(dirname(binary));
  return /^v\d/.test(folder) ? `${folder} (Go module)` : 'of unknown version';
}

export async function startCollector(
  root: string,
  infra: ProcessGroup,
  log: (line: string) => void,
): Promise<Collector> {
  const jaeger = await findJaeger(root, { build: false });
  if (jaeger.binary) {
    process.env['JAEGER_MAX_TRACES'] ??= '20000'; // bounded memory under minutes of load
    const running = await launchJaeger(infra, {
      root,
      binary: jaeger.binary,
      ports: await freeJaegerPorts(),
    });
    const pid = infra.get('jaeger')?.child.pid;
    log(`Jaeger up: ${running.queryUrl}`);
    const query = new JaegerQueryClient(running.queryUrl);
    return {
      description: `Jaeger ${await jaegerVersion(jaeger.binary)}, OTLP/HTTP protobuf`,
      tracingEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl },
      ...(pid ? { pid } : {}),
      readTrace: async (traceId) => (await query.trace(traceId)) ?? [],
    };
  }
  const sink = new OtlpSink();
  const endpoint = await sink.start();
  log(`no Jaeger binary (${jaeger.reason}); exporting to an OtlpSink at ${endpoint}`);
  return {
    description: `the in-process OtlpSink of @suite/testing, OTLP/HTTP JSON (no Jaeger: ${jaeger.reason})`,
    tracingEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    sink,
    note: 'Spans went to the OtlpSink inside the bench process, not to Jaeger.',
    readTrace: (traceId) => Promise.resolve(sink.trace(traceId)),
  };
}

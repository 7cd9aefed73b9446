// What every part of the real-process suite test shares: the processes, their spans and logs.
import { loggingGroup, type RunningSuite } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import type { TraceSpan } from '@suite/trace-model';

export const { group, logs } = loggingGroup();
export const sink = new OtlpSink();
/** The running suite, once suite.spec.ts has started it. */
export let suite: RunningSuite;
export function setSuite(running: RunningSuite): void {
  suite = running;
}

export async function dashboard(query: string, correlationId: string) {
  const response = await fetch(`${suite.urls.bff}/api/users/42/dashboard${query}`, {
    headers: { 'x-correlation-id': correlationId },
  });
  const body = (await response.json()) as {
    meta: { traceId: string; degraded: string[]; branches: Record<string, { status: string }> };
  } & Record<string, unknown>;
  return { response, body };
}

/** The BFF's four calls to the services, and the span they hang from. */
export function bffCalls(spans: TraceSpan[]): TraceSpan[] {
  return spans.filter((s) => s.service === 'bff' && s.kind === 'client');
}

let parallel:
  | Promise<{ spans: TraceSpan[]; traceId: string; traceresponse: string | null; status: number }>
  | undefined;

/** The one parallel dashboard the trace-contract checks look at (asked for once). */
export function parallelTrace() {
  parallel ??= (async () => {
    const { response, body } = await dashboard('', 'trace-contract-parallel');
    const traceId = body.meta.traceId;
    const spans = response.status === 200 ? await sink.waitForTrace(traceId, 25) : [];
    return {
      spans,
      traceId,
      traceresponse: response.headers.get('traceresponse'),
      status: response.status,
    };
  })();
  return parallel;
}

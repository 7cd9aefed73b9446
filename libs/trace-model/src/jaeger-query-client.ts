import type { TraceSpan } from './span';
import { fromJaegerTrace, type JaegerTrace } from './jaeger-trace';

interface Envelope<T> {
  data: T;
  errors: { code: number; msg: string }[] | null;
}

export class JaegerQueryError extends Error {
  override readonly name = 'JaegerQueryError';
}

/**
 * A reader of Jaeger's HTTP query API (the one its UI uses), e.g. http://127.0.0.1:16686: not a
 * tracer (that is the `jaeger-client` package), only what tests and `npm run trace` read back.
 */
export class JaegerQueryClient {
  constructor(readonly baseUrl: string) {}

  /** The trace, or undefined while Jaeger has not received it (yet). */
  async trace(traceId: string): Promise<TraceSpan[] | undefined> {
    const response = await this.get<JaegerTrace[]>(
      `/api/traces/${encodeURIComponent(traceId)}`,
      true,
    );
    const trace = response?.[0];
    return trace ? fromJaegerTrace(trace) : undefined;
  }

  /**
   * The trace once it has stopped growing: its spans arrive from several services, a batch at a time,
   * and the root (which ends last) usually comes last. Undefined if it never appears.
   */
  async settledTrace(
    traceId: string,
    { timeoutMs = 10_000, quietMs = 1000 }: { timeoutMs?: number; quietMs?: number } = {},
  ): Promise<TraceSpan[] | undefined> {
    const deadline = Date.now() + timeoutMs;
    let spans: TraceSpan[] | undefined;
    let changedAt = Date.now();
    for (;;) {
      const latest = await this.trace(traceId);
      if (latest && latest.length !== spans?.length) {
        spans = latest;
        changedAt = Date.now();
      }
      if (spans && Date.now() - changedAt >= quietMs) return spans;
      if (Date.now() > deadline) return spans;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Traces of `service` holding a span with every one of `tags`, newest first. */
  async search(options: {
    service: string;
    tags?: Record<string, string>;
    lookbackMs?: number;
    limit?: number;
  }): Promise<TraceSpan[][]> {
    const now = Date.now() * 1000;
    const params = new URLSearchParams({
      service: options.service,
      start: String(now - (options.lookbackMs ?? 3_600_000) * 1000),
      end: String(now),
      limit: String(options.limit ?? 20),
    });
    if (options.tags) params.set('tags', JSON.stringify(options.tags));
    const traces = (await this.get<JaegerTrace[]>(`/api/traces?${params}`)) ?? [];
    return traces.map(fromJaegerTrace);
  }

  async services(): Promise<string[]> {
    return (await this.get<string[]>('/api/services')) ?? [];
  }

  /** Service-to-service call counts over the last `lookbackMs`. */
  async dependencies(
    lookbackMs = 3_600_000,
  ): Promise<{ parent: string; child: string; callCount: number }[]> {
    const params = new URLSearchParams({ endTs: String(Date.now()), lookback: String(lookbackMs) });
    return (
      (await this.get<{ parent: string; child: string; callCount: number }[]>(
        `/api/dependencies?${params}`,
      )) ?? []
    );
  }

  /** Polls until `find` returns something (Jaeger stores spans a few hundred ms after export). */
  async waitFor<T>(
    find: () => Promise<T | undefined>,
    { timeoutMs = 10_000, what = 'the trace' } = {},
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new JaegerQueryError(
          `${what} did not appear in Jaeger at ${this.baseUrl} within ${timeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async get<T>(path: string, allowNotFound = false): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new JaegerQueryError(
        `cannot reach Jaeger at ${this.baseUrl} (${(error as Error).message}); start it with npm start or docker compose up, or set JAEGER_URL`,
      );
    }
    if (response.status === 404 && allowNotFound) {
      await response.arrayBuffer();
      return undefined;
    }
    const body = (await response.json()) as Envelope<T>;
    if (!response.ok || body.errors?.length) {
      throw new JaegerQueryError(
        `Jaeger answered ${response.status} to ${path}: ${body.errors?.map((e) => e.msg).join('; ')}`,
      );
    }
    return body.data;
  }
}

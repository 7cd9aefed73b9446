import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { ZodType } from 'zod';
import { DownstreamError } from './downstream-error';

const tracer = trace.getTracer('@suite/clients');

export interface DownstreamConfig {
  /** e.g. http://127.0.0.1:3001 */
  url: string;
  /** Per-call time limit; the call is aborted (and its connection released) when it runs out. */
  timeoutMs: number;
}

export interface CallOptions {
  /** Cancels the call when the caller no longer needs the answer. */
  signal?: AbortSignal;
}

export interface JsonCall<T> {
  method: 'GET' | 'POST';
  /** Route template, e.g. `/users/:userId`: names the span like the server names its own. */
  template: string;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: ZodType<T>;
}

/**
 * The suite's one HTTP client: JSON over keep-alive fetch, a time limit on every call, trace context,
 * baggage and correlation id propagated, and a CLIENT span named after the route template.
 */
export class HttpJsonClient {
  constructor(
    readonly service: string,
    private readonly config: DownstreamConfig,
  ) {}

  async call<T>(call: JsonCall<T>, options: CallOptions = {}): Promise<T> {
    const url = this.url(call);
    const span = tracer.startSpan(`${call.method} ${call.template}`, {
      kind: SpanKind.CLIENT,
      // Sub-millisecond start: the SDK's default (Date.now()) rounds to whole milliseconds, which can
      // make back-to-back sequential calls look overlapped in a waterfall.
      startTime: performance.timeOrigin + performance.now(),
      attributes: {
        'http.request.method': call.method,
        'url.full': url.href,
        'url.template': call.template,
        'server.address': url.hostname,
        'server.port': Number(url.port),
        'peer.service': this.service,
        'app.timeout_ms': this.config.timeoutMs,
      },
    });
    const spanContext = trace.setSpan(context.active(), span);
    try {
      return await context.with(spanContext, () => this.send(call, url, span, options));
    } catch (error) {
      const failure = error instanceof DownstreamError ? error : this.toDownstreamError(error);
      span.setAttribute('error.type', failure.status ? String(failure.status) : failure.failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      if (failure.failure === 'timeout')
        span.addEvent('timeout', { 'app.timeout_ms': this.config.timeoutMs });
      throw failure;
    } finally {
      span.end();
    }
  }

  private async send<T>(call: JsonCall<T>, url: URL, span: Span, options: CallOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    // traceparent, baggage and x-correlation-id, from the propagators set up by @suite/telemetry.
    propagation.inject(context.active(), headers);

    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const response = await fetch(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    span.setAttribute('http.response.status_code', response.status);
    // Always read the body: an unread body holds its keep-alive connection.
    const text = await response.text();
    if (!response.ok) {
      throw new DownstreamError(
        this.service,
        'http',
        `${this.service} answered ${response.status} to ${call.method} ${call.template}: ${summarise(text)}`,
        response.status,
      );
    }
    const parsed = call.schema.safeParse(text ? JSON.parse(text) : undefined);
    if (!parsed.success) {
      throw new DownstreamError(
        this.service,
        'invalid-response',
        `${this.service} answered ${call.method} ${call.template} with a body that breaks the contract: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }

  private url(call: JsonCall<unknown>): URL {
    const path = call.template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined)
        throw new Error(`missing path parameter ${name} for ${call.template}`);
      return encodeURIComponent(value);
    });
    const url = new URL(path, this.config.url);
    for (const [key, value] of Object.entries(call.query ?? {}))
      url.searchParams.set(key, String(value));
    return url;
  }

  private toDownstreamError(error: unknown): DownstreamError {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError') {
      return new DownstreamError(
        this.service,
        'timeout',
        `${this.service} did not answer within ${this.config.timeoutMs} ms`,
        undefined,
        { cause: error },
      );
    }
    if (name === 'AbortError') {
      return new DownstreamError(
        this.service,
        'aborted',
        `call to ${this.service} was cancelled`,
        undefined,
        {
          cause: error,
        },
      );
    }
    if (error instanceof SyntaxError) {
      return new DownstreamError(
        this.service,
        'invalid-response',
        `${this.service} sent malformed JSON`,
        undefined,
        {
          cause: error,
        },
      );
    }
    const code = (error as { cause?: { code?: string } } | null)?.cause?.code;
    return new DownstreamError(
      this.service,
      'unavailable',
      `${this.service} is unreachable at ${this.config.url} (${code ?? (error as Error).message}); is it running?`,
      undefined,
      { cause: error },
    );
  }
}

function summarise(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}

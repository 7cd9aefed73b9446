import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import { scenarios } from '@suite/contracts';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ZodType } from 'zod';
import { DownstreamError } from './downstream-error';
import { DEADLINE_HEADER, deadlineFrom, type Deadline } from './resilience/deadline';
import type { AttemptPlan, DownstreamPolicy } from './resilience/downstream-policy';

const tracer = trace.getTracer('@suite/clients');

export interface DownstreamConfig {
  /** e.g. http://127.0.0.1:3001 */
  url: string;
  /** Per-attempt time limit; the call is aborted (and its connection released) when it runs out. */
  timeoutMs: number;
  /** Retries, circuit breaker and bulkhead, shared by every client of the downstream. None: one plain attempt. */
  policy?: DownstreamPolicy;
}

export interface CallOptions {
  /** Cancels the call when the caller no longer needs the answer. */
  signal?: AbortSignal;
  /**
   * The request's time budget: each attempt's timeout is min(policy timeout, budget left). Defaults
   * to the deadline of the request being served (set by @suite/service-kit), so a service forwards
   * what is left of its caller's budget without doing anything.
   */
  deadline?: Deadline;
}

/**
 * Scenario 3 (libs/contracts/src/scenarios.ts): SCENARIO_CONNECTION_LIMIT caps the calls in flight
 * across every client of the process, like a browser's six connections per host or an undersized
 * pool. A call waits for a slot inside its CLIENT span, so the wait shows in the trace.
 */
let connectionPool: LimitFunction | null | undefined;
function sharedPool(): LimitFunction | null {
  if (connectionPool === undefined) {
    const limit = scenarios().connectionLimit;
    connectionPool = limit > 0 ? pLimit(limit) : null;
  }
  return connectionPool;
}

const SINGLE_ATTEMPT: AttemptPlan = { number: 0, delayMs: 0, admit: (send) => send() };

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
 * The suite's one HTTP client: JSON over keep-alive fetch, a time limit on every attempt, trace
 * context, baggage, correlation id and the remaining budget (`x-deadline-ms`) propagated, and one
 * CLIENT span per attempt named after the route template. With a policy, retries are sibling CLIENT
 * spans under the same parent (each attempt is its own HTTP call), the later ones carrying a `retry`
 * event with the backoff waited; calls refused by the breaker or the bulkhead are spans too (no
 * request sent, error.type circuit-open / bulkhead-full), so a trace never hides a short-circuit.
 */
export class HttpJsonClient {
  constructor(
    readonly service: string,
    private readonly config: DownstreamConfig,
  ) {}

  async call<T>(call: JsonCall<T>, options: CallOptions = {}): Promise<T> {
    const deadline = options.deadline ?? deadlineFrom();
    const policy = this.config.policy;
    if (!policy) return this.attempt(call, deadline, options.signal, SINGLE_ATTEMPT);
    return policy.run(
      { idempotent: call.method === 'GET', deadline, signal: options.signal },
      (plan) => this.attempt(call, deadline, options.signal, plan),
    );
  }

  private async attempt<T>(
    call: JsonCall<T>,
    deadline: Deadline | undefined,
    signal: AbortSignal | undefined,
    plan: AttemptPlan,
  ): Promise<T> {
    const url = this.url(call);
    const remaining = deadline?.bounded ? deadline.remainingMs() : undefined;
    const timeoutMs =
      remaining === undefined ? this.config.timeoutMs : Math.min(this.config.timeoutMs, remaining);
    const timeoutCause = timeoutMs === this.config.timeoutMs ? 'policy' : 'deadline';
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
        'app.timeout_ms': timeoutMs,
        'app.retry.attempt': plan.number,
        ...(remaining !== undefined ? { 'app.deadline.remaining_ms': remaining } : {}),
        ...(this.config.policy ? { 'app.breaker.state': this.config.policy.breakerState } : {}),
      },
    });
    if (plan.number > 0) {
      span.addEvent('retry', {
        'app.retry.attempt': plan.number,
        'app.retry.delay_ms': plan.delayMs,
        'app.retry.jitter': this.config.policy?.jitter ?? true,
      });
    }
    const spanContext = trace.setSpan(context.active(), span);
    try {
      if (timeoutMs <= 0) {
        throw new DownstreamError(
          this.service,
          'deadline',
          `${this.service} was not called: the request's time budget was already spent`,
        );
      }
      // Typed inside admit(): the breaker counts failures by their kind (timeouts, refusals, 5xx).
      const sendTyped = () =>
        this.send(call, url, span, timeoutMs, [signal, deadline?.signal]).catch(
          (error: unknown) => {
            throw this.toDownstreamError(error, timeoutMs, timeoutCause);
          },
        );
      return await context.with(spanContext, () => plan.admit(sendTyped));
    } catch (error) {
      const failure = this.toDownstreamError(error, timeoutMs, timeoutCause);
      span.setAttribute('error.type', failure.status ? String(failure.status) : failure.failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      if (failure.failure === 'timeout')
        span.addEvent('timeout', {
          'app.timeout_ms': timeoutMs,
          'app.timeout.cause': timeoutCause,
        });
      throw failure;
    } finally {
      span.end();
    }
  }

  private async send<T>(
    call: JsonCall<T>,
    url: URL,
    span: Span,
    timeoutMs: number,
    cancellers: (AbortSignal | undefined)[],
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    // traceparent, baggage and x-correlation-id, from the propagators set up by @suite/telemetry.
    propagation.inject(context.active(), headers);
    // How long this caller waits: the service can stop working once nobody will read the answer.
    headers[DEADLINE_HEADER] = String(timeoutMs);

    const signals = [AbortSignal.timeout(timeoutMs), ...cancellers.filter((s) => s !== undefined)];
    const signal = AbortSignal.any(signals);
    const exchange = async () => {
      const response = await fetch(url, {
        method: call.method,
        headers,
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        signal,
      });
      // Always read the body: an unread body holds its keep-alive connection.
      return { response, text: await response.text() };
    };
    const pool = sharedPool();
    const { response, text } = pool
      ? await this.queued(pool, span, signal, exchange)
      : await exchange();
    span.setAttribute('http.response.status_code', response.status);
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

  /** Waits for a slot of the shared pool (recorded on the span), then runs the exchange in it. */
  private async queued<R>(
    pool: LimitFunction,
    span: Span,
    signal: AbortSignal,
    exchange: () => Promise<R>,
  ): Promise<R> {
    const waiting = pool.activeCount >= pool.concurrency;
    if (waiting) {
      span.addEvent('connection.queued', {
        'app.connection.limit': pool.concurrency,
        'app.connection.ahead': pool.activeCount + pool.pendingCount,
      });
    }
    const queuedAt = performance.now();
    return pool(() => {
      const waitMs = Math.round((performance.now() - queuedAt) * 10) / 10;
      span.setAttributes({
        'app.connection.limit': pool.concurrency,
        'app.connection.wait_ms': waitMs,
      });
      if (waiting) span.addEvent('connection.acquired', { 'app.connection.wait_ms': waitMs });
      // Gave up while queued (timeout or cancelled): free the slot without sending.
      signal.throwIfAborted();
      return exchange();
    });
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

  private toDownstreamError(
    error: unknown,
    timeoutMs: number,
    cause: 'policy' | 'deadline',
  ): DownstreamError {
    if (error instanceof DownstreamError) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError') {
      return new DownstreamError(
        this.service,
        'timeout',
        cause === 'deadline'
          ? `${this.service} did not answer within the ${timeoutMs} ms left of the request's budget`
          : `${this.service} did not answer within ${timeoutMs} ms`,
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

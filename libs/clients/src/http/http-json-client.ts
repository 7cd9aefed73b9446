import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { requestContext, type Deadline } from '@suite/correlation';
import { DownstreamError } from '../downstream-error';
import type { AttemptPlan } from '../resilience/downstream-policy';
import { callPath, type CallOptions, type DownstreamConfig, type JsonCall } from './json-call';
import { exchangeJson, type Attempt } from './json-exchange';
import { endpointFor, type Endpoint } from './keep-alive-transport';
import { toDownstreamError, type TimeoutCause } from './response-decoding';

const tracer = trace.getTracer('@suite/clients');

/**
 * The suite's one HTTP client: JSON over a keep-alive node:http agent per downstream, a time limit on every attempt, the request
 * context (trace, baggage, correlation id, the budget left as `x-deadline-ms`) propagated, and one
 * CLIENT span per attempt named after the route template. With a policy, retries are sibling CLIENT
 * spans under the same parent, the later ones carrying a `retry` event with the backoff waited;
 * calls refused by the breaker or the bulkhead are spans too (no request sent, error.type
 * circuit-open / bulkhead-full), so a trace never hides a short-circuit.
 */
export class HttpJsonClient {
  // Also registers the downstream's keep-alive agent, so warmDownstreams() can connect before any call.
  private readonly endpoint: Endpoint;

  constructor(
    readonly service: string,
    private readonly config: DownstreamConfig,
  ) {
    this.endpoint = endpointFor(config.url);
  }

  call<T>(call: JsonCall<T>, options: CallOptions = {}): Promise<T> {
    const deadline = options.deadline ?? requestContext().deadline;
    let current: Attempt | undefined;
    const scope = <R>(plan: AttemptPlan, run: () => Promise<R>): Promise<R> =>
      this.inAttemptSpan(call, plan, deadline, (attempt) => {
        current = attempt;
        return run();
      });
    // Typed inside the breaker: it counts failures by their kind (timeouts, refusals, 5xx).
    const send = (): Promise<T> => {
      const attempt = current!;
      return exchangeJson(this.service, call, attempt, this.config.pool, [
        options.signal,
        deadline?.signal,
      ]).catch((error: unknown) => {
        throw toDownstreamError(
          this.service,
          this.config.url,
          error,
          attempt.timeoutMs,
          attempt.cause,
        );
      });
    };
    const { policy } = this.config;
    if (!policy) return scope({ number: 0, delayMs: 0 }, send);
    const idempotent = call.method === 'GET';
    return policy.run(
      {
        idempotent,
        ...(deadline ? { deadline } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      scope,
      send,
    );
  }

  /** One attempt: its CLIENT span, its timeout (min of the policy's and the budget left), its errors. */
  private async inAttemptSpan<R>(
    call: JsonCall<unknown>,
    plan: AttemptPlan,
    deadline: Deadline | undefined,
    run: (attempt: Attempt) => Promise<R>,
  ): Promise<R> {
    const path = callPath(call);
    const { endpoint } = this;
    const remaining = deadline?.bounded ? deadline.remainingMs() : undefined;
    const { policy } = this.config;
    const timeoutMs =
      remaining === undefined ? this.config.timeoutMs : Math.min(this.config.timeoutMs, remaining);
    const cause: TimeoutCause = timeoutMs === this.config.timeoutMs ? 'policy' : 'deadline';
    const span = tracer.startSpan(`${call.method} ${call.template}`, {
      kind: SpanKind.CLIENT,
      // Sub-millisecond start: the SDK's default (Date.now()) rounds to whole milliseconds, which can
      // make back-to-back sequential calls look overlapped in a waterfall.
      startTime: performance.timeOrigin + performance.now(),
      attributes: {
        'http.request.method': call.method,
        'url.full': endpoint.origin + path,
        'url.template': call.template,
        'server.address': endpoint.hostname,
        'server.port': endpoint.port,
        'peer.service': this.service,
        'app.timeout_ms': timeoutMs,
        'app.retry.attempt': plan.number,
        ...(remaining !== undefined ? { 'app.deadline.remaining_ms': remaining } : {}),
        ...(policy ? { 'app.breaker.state': policy.breakerState } : {}),
      },
    });
    if (plan.number > 0) {
      span.addEvent('retry', {
        'app.retry.attempt': plan.number,
        'app.retry.delay_ms': plan.delayMs,
        'app.retry.jitter': policy?.jitter ?? true,
      });
    }
    try {
      if (timeoutMs <= 0) {
        throw new DownstreamError(
          this.service,
          'deadline',
          `${this.service} was not called: the request's time budget was already spent`,
        );
      }
      return await context.with(trace.setSpan(context.active(), span), () =>
        run({ span, endpoint, path, timeoutMs, cause }),
      );
    } catch (error) {
      const failure = toDownstreamError(this.service, this.config.url, error, timeoutMs, cause);
      span.setAttribute('error.type', failure.status ? String(failure.status) : failure.failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      if (failure.failure === 'timeout')
        span.addEvent('timeout', { 'app.timeout_ms': timeoutMs, 'app.timeout.cause': cause });
      throw failure;
    } finally {
      span.end();
    }
  }
}

/**
 * How a downstream call failed; the BFF maps each kind to a branch status and a fallback.
 * - timeout: no answer within the call's time limit (its policy timeout or the request budget left)
 * - deadline: not even sent, the request's budget was already spent
 * - unavailable: connection refused or reset
 * - http: the service answered with an error status
 * - invalid-response: the answer breaks the contract
 * - aborted: the caller cancelled it (e.g. the dashboard gave up after user-service failed)
 * - circuit-open: refused without a request, the service's circuit breaker is open
 * - bulkhead-full: refused without a request, too many calls to the service are in flight already
 */
export type DownstreamFailure =
  | 'timeout'
  | 'deadline'
  | 'unavailable'
  | 'http'
  | 'invalid-response'
  | 'aborted'
  | 'circuit-open'
  | 'bulkhead-full';

export class DownstreamError extends Error {
  override readonly name = 'DownstreamError';

  constructor(
    readonly service: string,
    readonly failure: DownstreamFailure,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get isNotFound(): boolean {
    return this.failure === 'http' && this.status === 404;
  }

  /** Refused by our own policy (breaker or bulkhead): no request reached the service. */
  get isRejected(): boolean {
    return this.failure === 'circuit-open' || this.failure === 'bulkhead-full';
  }

  /** Worth another attempt for an idempotent call: the service may not have seen it, or may recover. */
  get isTransient(): boolean {
    return (
      this.failure === 'timeout' ||
      this.failure === 'unavailable' ||
      (this.failure === 'http' &&
        (this.status === 502 || this.status === 503 || this.status === 504))
    );
  }

  /** Says something about the service's health: counts towards opening its breaker. */
  get isServiceFault(): boolean {
    return (
      this.failure === 'timeout' ||
      this.failure === 'unavailable' ||
      this.failure === 'invalid-response' ||
      (this.failure === 'http' && (this.status ?? 0) >= 500)
    );
  }
}

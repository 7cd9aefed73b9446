/** How a downstream call failed; the BFF maps each kind to a branch status and a fallback. */
export type DownstreamFailure = 'timeout' | 'unavailable' | 'http' | 'invalid-response' | 'aborted';

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
}

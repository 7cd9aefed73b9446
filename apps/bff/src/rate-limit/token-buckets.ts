export type TakeResult = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * One token bucket per client key: `ratePerS` tokens a second, at most `burst` saved up; a request
 * takes one. Hand-written (40 lines) because no rate-limit package is installed; the buckets map is
 * bounded (least recently seen client evicted first), so a flood of addresses cannot grow memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly ratePerS: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxClients = 10_000,
  ) {
    if (!(ratePerS > 0) || !(burst >= 1)) {
      throw new Error(`rate ${ratePerS}/s and burst ${burst} must be positive (burst at least 1)`);
    }
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerS,
    );
    bucket.at = now;
    // Re-inserted so Map order is least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    const oldest = this.buckets.keys().next().value;
    if (this.buckets.size > this.maxClients && oldest !== undefined) this.buckets.delete(oldest);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterS: Math.ceil((1 - bucket.tokens) / this.ratePerS) };
  }

  get clients(): number {
    return this.buckets.size;
  }
}

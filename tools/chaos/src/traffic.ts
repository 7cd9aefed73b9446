import { setTimeout as sleep } from 'node:timers/promises';
import { SKUS, SYNTHETIC_BAGGAGE, randomInt } from '@suite/traffic';

export type RunPhase = 'before' | 'during' | 'rollback' | 'recovery' | 'after';

export interface Sample {
  kind: 'dashboard' | 'checkout';
  phase: RunPhase;
  /** ms since the run started */
  at: number;
  ms: number;
  /** 0: no answer (refused, reset, timed out) */
  status: number;
  traceId?: string;
  /** The BFF's server span (from traceresponse), for span links to this request. */
  spanId?: string;
  userId: string;
  /** dashboard: meta.branches statuses */
  branches?: Record<string, string>;
  degraded?: string[];
  /** checkout: units bought and what the BFF said about the accrual */
  units?: number;
  loyalty?: string;
  error?: string;
}

export interface TrafficOptions {
  bffUrl: string;
  concurrency: number;
  thinkMs: number;
  checkoutShare: number;
  dashboardUsers: [number, number];
  checkoutUsers: [number, number];
  timeoutMs: number;
  /** Goes into W3C baggage (chaos.experiment) and the correlation ids. */
  runId: string;
  phase: () => RunPhase;
  now: () => number;
}

const pick = ([from, to]: [number, number]) => String(randomInt(from, to));

/**
 * Closed-loop load through the BFF with bounded concurrency: each worker sends a request, waits for
 * the answer, thinks, repeats. Every request carries the experiment id in baggage. Not the load generator:
 * a probe needs each answer's phase, branch statuses and checkout contents, not only a summary.
 */
export class Traffic {
  readonly samples: Sample[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private sequence = 0;

  constructor(private readonly options: TrafficOptions) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.worker());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async worker(): Promise<void> {
    while (this.running) {
      const checkout = Math.random() < this.options.checkoutShare;
      this.samples.push(await (checkout ? this.checkout() : this.dashboard()));
      if (this.options.thinkMs) await sleep(this.options.thinkMs);
    }
  }

  private headers(): Record<string, string> {
    return {
      'x-correlation-id': `${this.options.runId}.${++this.sequence}`,
      // Marked like the load generator's traffic, plus the experiment id.
      baggage: `chaos.experiment=${this.options.runId},${SYNTHETIC_BAGGAGE}`,
    };
  }

  private async send(
    kind: Sample['kind'],
    userId: string,
    path: string,
    init: RequestInit,
  ): Promise<{ sample: Sample; body?: Record<string, unknown> }> {
    const phase = this.options.phase();
    const at = this.options.now();
    const started = performance.now();
    try {
      const response = await fetch(`${this.options.bffUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: nothing more to read from it
      }
      const meta = body?.['meta'] as { traceId?: string } | undefined;
      const traceresponse = response.headers.get('traceresponse')?.split('-');
      const traceId = meta?.traceId || traceresponse?.[1];
      const spanId = traceresponse?.[1] === traceId ? traceresponse?.[2] : undefined;
      return {
        sample: {
          kind,
          phase,
          at,
          userId,
          ms: performance.now() - started,
          status: response.status,
          ...(traceId ? { traceId } : {}),
          ...(spanId ? { spanId } : {}),
        },
        ...(body ? { body } : {}),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return {
        sample: {
          kind,
          phase,
          at,
          userId,
          ms: performance.now() - started,
          status: 0,
          error: cause ?? (error as Error).name,
        },
      };
    }
  }

  private async dashboard(): Promise<Sample> {
    const userId = pick(this.options.dashboardUsers);
    const { sample, body } = await this.send(
      'dashboard',
      userId,
      `/api/users/${userId}/dashboard`,
      {
        headers: this.headers(),
      },
    );
    const meta = body?.['meta'] as
      { branches?: Record<string, { status: string }>; degraded?: string[] } | undefined;
    if (meta?.branches) {
      sample.branches = Object.fromEntries(
        Object.entries(meta.branches).map(([name, b]) => [name, b.status]),
      );
      sample.degraded = meta.degraded ?? [];
    }
    return sample;
  }

  private async checkout(): Promise<Sample> {
    const userId = pick(this.options.checkoutUsers);
    const quantity = 1 + Math.floor(Math.random() * 3);
    const headers = this.headers();
    const { sample, body } = await this.send('checkout', userId, '/api/checkout', {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'idempotency-key': `chk.${headers['x-correlation-id']!}`,
      },
      body: JSON.stringify({
        userId,
        items: [{ sku: SKUS[randomInt(0, SKUS.length - 1)]!, quantity }],
      }),
    });
    sample.units = quantity;
    const loyalty = (body?.['loyalty'] as { status?: string } | undefined)?.status;
    if (loyalty) sample.loyalty = loyalty;
    return sample;
  }
}

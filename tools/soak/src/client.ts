// The soak's traffic: dashboards and checkouts as careful clients make them, and what each answer
// must be.
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SKUS } from '@suite/traffic';

export class SoakClient {
  /** Answers per kind and status, e.g. 'dashboard 200'. */
  readonly statuses = new Map<string, number>();
  /** What the hypothesis did not allow. */
  readonly violations: string[] = [];
  /** Every checkout that got its 201, by Idempotency-Key. */
  readonly checkouts = new Map<string, { orderId: string; body: string }>();
  requests = 0;
  inFlight = 0;

  constructor(private readonly bff: string) {}

  private count(key: string): void {
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  /**
   * A checkout as a careful client makes it: a 503 (a dependency did not answer in time: the
   * order may or may not be written) is retried with the same Idempotency-Key, as the answer
   * says; the final answer must be 201 (or 200, a replay) with one and the same order.
   */
  async checkout(key: string, body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.bff}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json()) as { order?: { id: string }; message?: string };
      this.count(`checkout ${response.status}`);
      if (response.status === 503 && attempt < 4) {
        await sleep(500 * attempt);
        continue;
      }
      const first = this.checkouts.get(key);
      if (response.status === 201 || response.status === 200) {
        if (first && first.orderId !== answer.order?.id) {
          this.violations.push(`checkout ${key} replayed with another order (${answer.order?.id})`);
        }
        if (!first) this.checkouts.set(key, { orderId: answer.order?.id ?? '?', body });
      } else {
        this.violations.push(`checkout ${key}: ${response.status} ${answer.message ?? ''}`);
      }
      return;
    }
  }

  private async dashboard(): Promise<void> {
    const strategy = (['parallel', 'sequential', 'bounded'] as const)[randomInt(0, 3)];
    const response = await fetch(
      `${this.bff}/api/users/${randomInt(1, 301)}/dashboard?strategy=${strategy}`,
      { signal: AbortSignal.timeout(10_000) },
    );
    const text = await response.text();
    this.count(`dashboard ${response.status}`);
    if (response.status !== 200) {
      this.violations.push(`dashboard ${response.status}: ${text.slice(0, 160)}`);
    }
  }

  /** One request of the mix: 80 % dashboards, 17 % new checkouts, 3 % repeated checkouts. */
  async one(): Promise<void> {
    this.requests++;
    this.inFlight++;
    try {
      const roll = Math.random();
      if (roll < 0.8) {
        await this.dashboard();
      } else if (roll < 0.97 || this.checkouts.size === 0) {
        const body = JSON.stringify({
          userId: String(randomInt(1, 301)),
          items: [{ sku: SKUS[randomInt(0, SKUS.length)], quantity: randomInt(1, 4) }],
        });
        await this.checkout(`soak-${randomBytes(6).toString('hex')}`, body);
      } else {
        // A client repeating a checkout it already made, key and body alike: must not write twice.
        const done = [...this.checkouts.entries()];
        const [key, { body }] = done[randomInt(0, done.length)] ?? ['', { body: '' }];
        await this.checkout(key, body);
      }
    } catch (error) {
      this.count('no answer');
      this.violations.push(`no answer: ${(error as Error).message}`);
    } finally {
      this.inFlight--;
    }
  }

  /** Every status seen, e.g. 'checkout 201: 40, dashboard 200: 160'. */
  mix(): string {
    return [...this.statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  }
}

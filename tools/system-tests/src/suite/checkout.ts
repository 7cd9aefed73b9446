// Checkout through the BFF: one order and one accrual per Idempotency-Key, bad input refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SKUS } from '@suite/traffic';
import { suite } from './world';

const [book, other] = [SKUS[0]!, SKUS.at(-1)!];

export function checkoutTests(): void {
  describe('checkout', () => {
    const checkout = (body: unknown, key?: string) =>
      fetch(`${suite.urls.bff}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const points = async () =>
      (
        (await (await fetch(`${suite.urls['loyalty-service']}/users/7/points`)).json()) as {
          points: number;
        }
      ).points;

    it('creates the order and accrues points once per Idempotency-Key', async () => {
      const before = await points();
      const request = {
        userId: '7',
        items: [
          { sku: book, quantity: 2 },
          { sku: other, quantity: 1 },
        ],
      };
      const first = await checkout(request, 'integration-checkout-1');
      assert.equal(first.status, 201);
      const created = (await first.json()) as {
        order: { id: string; totalCents: number };
        loyalty: { status: string; points: number };
      };
      assert.equal(created.loyalty.status, 'accrued');
      assert.equal(created.loyalty.points, 30);
      assert.ok(created.order.totalCents > 0);

      const repeat = await checkout(request, 'integration-checkout-1');
      assert.equal(repeat.status, 201);
      assert.equal(((await repeat.json()) as { order: { id: string } }).order.id, created.order.id);
      assert.equal(await points(), before + 30, 'points accrued exactly once');
    });

    it('refuses a reused Idempotency-Key on a different checkout with 422, writing nothing', async () => {
      const first = await checkout(
        { userId: '7', items: [{ sku: book, quantity: 1 }] },
        'integration-checkout-reused-1',
      );
      assert.equal(first.status, 201);
      const before = await points();
      const reused = await checkout(
        { userId: '7', items: [{ sku: other, quantity: 3 }] },
        'integration-checkout-reused-1',
      );
      assert.equal(reused.status, 422);
      assert.match(((await reused.json()) as { message: string }).message, /send a new key/);
      assert.equal(await points(), before, 'no points for a refused checkout');
    });

    it('refuses bad input with a 4xx that says what is wrong, writing nothing', async () => {
      const before = await points();
      const malformed = await checkout('{"userId": "7", "items": [', 'integration-checkout-bad-1');
      assert.equal(malformed.status, 400);
      assert.match(((await malformed.json()) as { message: string }).message, /Malformed JSON/);

      const unknownSku = await checkout(
        { userId: '7', items: [{ sku: 'ZZZ-999', quantity: 1 }] },
        'integration-checkout-bad-2',
      );
      assert.equal(unknownSku.status, 400);
      assert.match(
        ((await unknownSku.json()) as { message: string }).message,
        /unknown sku ZZZ-999/,
      );

      const badQuantity = await checkout({
        userId: '7',
        items: [{ sku: book, quantity: -3 }],
      });
      assert.equal(badQuantity.status, 400);
      const body = (await badQuantity.json()) as { issues: { path: string; message: string }[] };
      assert.deepEqual(
        body.issues.map((i) => i.path),
        ['items.0.quantity'],
      );

      const unknownField = await checkout({
        userId: '7',
        items: [{ sku: book, quantity: 1 }],
        discount: 100,
      });
      assert.equal(unknownField.status, 400);
      assert.equal(await points(), before, 'no points for rejected checkouts');
    });
  });
}

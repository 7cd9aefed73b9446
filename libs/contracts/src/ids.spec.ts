import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CheckoutIdSchema, OrderIdSchema, SkuSchema, UserIdSchema } from './ids';

const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message ?? '';

describe('ids', () => {
  it('accept what the services make and refuse the rest with what to send instead', () => {
    assert.equal(UserIdSchema.safeParse('42').success, true);
    for (const bad of ['0', '042', 'abc', '1234567890', '4 2']) {
      assert.match(message(UserIdSchema.safeParse(bad)), /positive integer/, bad);
    }
    assert.equal(SkuSchema.safeParse('BOO-101').success, true);
    assert.match(message(SkuSchema.safeParse('boo-101')), /ABC-123/);
    assert.equal(CheckoutIdSchema.safeParse('chk-0123456789').success, true);
    assert.match(message(CheckoutIdSchema.safeParse('short')), /8 to 128 characters/);
    assert.equal(OrderIdSchema.safeParse('o-1b2c').success, true);
    assert.match(message(OrderIdSchema.safeParse('42; DROP TABLE')), /o-<letters/);
  });
});

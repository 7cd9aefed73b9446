// The accrual outbox's delivery worker against loyalty-service mocked with nock (a unit test of one
// component): a refusal for good (4xx) moves the entry to dead-letter, a passing failure keeps it.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Logger } from '@nestjs/common';
import { DownstreamPolicy, LoyaltyClient, policySettings } from '@suite/clients';
import { TracedDatabase } from '@suite/service-kit';
import nock from 'nock';
import { AccrualDeliveryWorker } from './accrual-delivery-worker';
import { AccrualOutbox } from './accrual-outbox';
import { bffDatabase } from './bff.database';

Logger.overrideLogger(false);
const LOYALTY = 'http://127.0.0.1:3003';
const accrual = {
  userId: '42',
  checkoutId: 'chk-dead-letter-0001',
  items: [{ sku: 'BOO-101', quantity: 1 }],
};

describe('accrual delivery worker (loyalty-service mocked with nock)', () => {
  let db: TracedDatabase;
  let outbox: AccrualOutbox;
  let worker: AccrualDeliveryWorker;

  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());

  beforeEach(() => {
    db = new TracedDatabase('bff', ':memory:');
    db.exec(bffDatabase.schema);
    outbox = new AccrualOutbox(db);
    const policy = new DownstreamPolicy(policySettings('loyalty', {}));
    const loyalty = new LoyaltyClient({ url: LOYALTY, timeoutMs: 500, policy });
    worker = new AccrualDeliveryWorker(outbox, loyalty);
    outbox.enqueue(accrual, Date.now() - 1, 'loyalty-service was down', {
      correlationId: 'dead-letter-test-01',
    });
  });

  afterEach(() => {
    nock.cleanAll();
    db.close();
  });

  it('moves an entry that loyalty-service refuses with a 4xx to dead-letter, and never sends it again', async () => {
    const refused = nock(LOYALTY)
      .post('/accruals', accrual)
      .reply(400, { statusCode: 400, message: 'userId: no such account' });
    await worker.drainOnce();
    assert.ok(refused.isDone(), 'the accrual was offered once');

    const listing = outbox.list();
    assert.equal(listing.pending, 0);
    assert.equal(listing.dead, 1);
    const [entry] = listing.entries;
    assert.equal(entry?.status, 'dead');
    assert.equal(entry?.attempts, 1);
    assert.match(entry?.lastError ?? '', /loyalty-service answered 400 .*no such account/);

    const again = nock(LOYALTY).post('/accruals').reply(201, {});
    await worker.drainOnce();
    assert.equal(again.isDone(), false, 'a dead entry is not delivered again');
  });

  for (const status of [503, 429]) {
    it(`keeps an entry pending for a later attempt when loyalty-service answers ${status}`, async () => {
      const failed = nock(LOYALTY).post('/accruals').reply(status, { message: 'try later' });
      const before = Date.now();
      await worker.drainOnce();
      assert.ok(failed.isDone());
      const [entry] = outbox.list().entries;
      assert.equal(entry?.status, 'pending');
      assert.equal(entry?.attempts, 1);
      assert.ok(Date.parse(entry?.nextAttemptAt ?? '') > before, 'redelivery is scheduled later');
    });
  }

  it('removes the entry once loyalty-service takes it', async () => {
    nock(LOYALTY).post('/accruals', accrual).reply(201, {
      accrualId: 'a-1',
      userId: '42',
      checkoutId: accrual.checkoutId,
      points: 10,
      balance: 1210,
    });
    await worker.drainOnce();
    assert.deepEqual(outbox.list(), { pending: 0, dead: 0, entries: [] });
  });
});

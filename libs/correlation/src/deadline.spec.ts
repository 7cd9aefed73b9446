import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Deadline, parseDeadlineHeader } from './deadline';

describe('Deadline', () => {
  it('fires with a TimeoutError when its budget passes', async () => {
    const deadline = Deadline.after(20);
    const fired = new Promise<unknown>((resolve) =>
      deadline.signal.addEventListener('abort', () => resolve(deadline.signal.reason)),
    );
    const reason = (await fired) as DOMException;
    assert.equal(reason.name, 'TimeoutError');
    assert.equal(deadline.remainingMs(), 0);
  });

  it('fires with its parent, and a narrower one cut from it fires with it too', () => {
    const hangUp = new AbortController();
    const request = Deadline.none(hangUp.signal);
    const call = request.within(10_000);
    assert.equal(call.bounded, true);
    assert.equal(call.signal.aborted, false);
    hangUp.abort(new DOMException('client hung up', 'AbortError'));
    assert.equal(request.signal.aborted, true);
    assert.equal(call.signal.aborted, true);
    assert.equal((call.signal.reason as DOMException).name, 'AbortError');
  });

  it('never fires once released: the work it bounded is over', async () => {
    const hangUp = new AbortController();
    const deadline = Deadline.after(15, hangUp.signal);
    const signal = deadline.signal;
    deadline.release();
    await sleep(40);
    hangUp.abort();
    assert.equal(signal.aborted, false, 'neither its timer nor its parent reached it');
  });

  it('is already aborted when cut from a parent that was', () => {
    const hangUp = new AbortController();
    hangUp.abort(new DOMException('gone', 'AbortError'));
    assert.equal(Deadline.after(1000, hangUp.signal).signal.aborted, true);
  });

  it('reads x-deadline-ms as whole milliseconds only', () => {
    assert.equal(parseDeadlineHeader('250'), 250);
    assert.equal(parseDeadlineHeader(['300', '1']), 300);
    assert.equal(parseDeadlineHeader('1.5'), undefined);
    assert.equal(parseDeadlineHeader('-4'), undefined);
    assert.equal(parseDeadlineHeader(undefined), undefined);
  });
});

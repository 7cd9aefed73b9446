import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pino from 'pino';
import { TurnBatchedDestination } from './turn-batched-destination';

function recorder() {
  const writes: string[] = [];
  return { writes, sink: { write: (data: string) => writes.push(data) } };
}

describe('TurnBatchedDestination', () => {
  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const { writes, sink } = recorder();
    const logger = pino({ base: null, timestamp: false }, new TurnBatchedDestination(sink));
    logger.info('first');
    logger.info('second');
    assert.equal(writes.length, 0, 'nothing is written while the turn is still running');
    await nextTurn();
    assert.equal(writes.length, 1);
    assert.deepEqual(
      writes[0]!
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
      ['first', 'second'],
    );
  });

  it('writes a later turn separately, and nothing for a turn without lines', async () => {
    const { writes, sink } = recorder();
    const destination = new TurnBatchedDestination(sink);
    destination.write('a\n');
    await nextTurn();
    await nextTurn();
    destination.write('b\n');
    await nextTurn();
    assert.deepEqual(writes, ['a\n', 'b\n']);
  });

  it('writes what is pending at once on flushSync, and not again when the turn ends', async () => {
    const { writes, sink } = recorder();
    const destination = new TurnBatchedDestination(sink);
    destination.write('last words\n');
    destination.flushSync();
    assert.deepEqual(writes, ['last words\n']);
    await nextTurn();
    assert.deepEqual(writes, ['last words\n']);
  });
});

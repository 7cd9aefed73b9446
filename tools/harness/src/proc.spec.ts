import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuTimeFromStat, cpuTimeMs } from './proc';

describe('cpuTimeMs', () => {
  it('adds utime and stime, whatever the process name holds', () => {
    // utime 250 ticks, stime 40 ticks: 2.9 s; the name has a space and a ")".
    const stat =
      '4242 (node main) x) S 1 4242 4242 0 -1 4194560 5120 0 0 0 250 40 0 0 20 0 11 0 123 1 2 3';
    assert.equal(cpuTimeFromStat(stat), 2900);
  });

  it('grows while this process computes, and is NaN for a process that is gone', () => {
    const before = cpuTimeMs(process.pid);
    const giveUp = performance.now() + 5000;
    while (cpuTimeMs(process.pid) - before < 50 && performance.now() < giveUp); // spin
    assert.ok(cpuTimeMs(process.pid) - before >= 50, 'spinning for up to 5 s counted 50 ms of CPU');
    assert.ok(Number.isNaN(cpuTimeMs(2 ** 22 + 1)));
  });
});

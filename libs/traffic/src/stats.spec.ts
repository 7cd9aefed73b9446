import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { costPct, median, percentile, ratio, summarize } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles: always a measured value, never a blend', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    assert.equal(percentile(hundred, 50), 50);
    assert.equal(percentile(hundred, 99), 99);
    assert.equal(percentile(hundred, 100), 100);
    assert.equal(percentile(hundred, 0), 1);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3], 50), 2);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.equal(percentile([], 50, 0), 0, 'a caller may name the empty value');
  });

  it('takes the median of unsorted samples, rounded as asked, without sorting them in place', () => {
    const samples = [3.456, 1.234, 2.345];
    assert.equal(median(samples), 2.3);
    assert.equal(median(samples, 2), 2.35);
    assert.deepEqual(samples, [3.456, 1.234, 2.345]);
    assert.ok(Number.isNaN(median([])));
  });

  it('summarizes unsorted samples, rounded to 0.1 ms', () => {
    const summary = summarize([30.04, 10, 20.06, 40, 1000]);
    assert.deepEqual(summary, {
      n: 5,
      min: 10,
      mean: 220,
      p50: 30,
      p90: 1000,
      p99: 1000,
      max: 1000,
    });
  });

  it('reports a slow tail at p99 that the median hides', () => {
    const samples = [...Array.from({ length: 98 }, () => 2), 50, 60];
    const summary = summarize(samples);
    assert.equal(summary.p50, 2);
    assert.equal(summary.p99, 50);
  });

  it('gives ratios and costs, NaN instead of Infinity for a zero base', () => {
    assert.equal(ratio(500, 1000), 0.5);
    assert.ok(Number.isNaN(ratio(1, 0)));
    assert.equal(costPct(1000, 800), 20);
    assert.equal(costPct(800, 1000), -25);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allOverlap, noneOverlap, orphans, parallelismRatio, roots } from './analysis';
import type { TraceSpan } from './span';
import { renderWaterfall } from './waterfall';

function span(
  id: string,
  parent: string | undefined,
  startMs: number,
  durationMs: number,
  service = 'bff',
): TraceSpan {
  return {
    traceId: 't1',
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    service,
    name: `op-${id}`,
    kind: parent ? 'client' : 'server',
    startUs: startMs * 1000,
    durationUs: durationMs * 1000,
    attributes: {},
    events: [],
    links: [],
    error: false,
  };
}

describe('trace analysis', () => {
  const root = span('r', undefined, 0, 100);
  const parallel = [span('a', 'r', 1, 50), span('b', 'r', 2, 90), span('c', 'r', 3, 20)];
  const sequential = [span('a', 'r', 0, 20), span('b', 'r', 20, 30), span('c', 'r', 50, 40)];

  it('tells overlapping calls from a waterfall', () => {
    assert.equal(allOverlap(parallel), true);
    assert.equal(noneOverlap(parallel), false);
    assert.equal(noneOverlap(sequential), true, 'touching ends do not overlap');
    assert.equal(allOverlap(sequential), false);
  });

  it('measures parallelism as the sum of branches over the wall time', () => {
    assert.equal(parallelismRatio(parallel, root), 1.6);
    assert.equal(parallelismRatio(sequential, root), 0.9);
  });

  it('finds roots and orphans', () => {
    const lost = span('x', 'missing-parent', 5, 5, 'loyalty-service');
    assert.deepEqual(
      roots([root, ...parallel, lost]).map((s) => s.spanId),
      ['r'],
    );
    assert.deepEqual(
      orphans([root, ...parallel, lost]).map((s) => s.spanId),
      ['x'],
    );
  });

  it('draws later spans further right', () => {
    const lines = renderWaterfall([root, ...sequential], { width: 20 }).split('\n');
    const barStart = (line: string) => line.indexOf('█');
    assert.equal(lines.length, 6);
    assert.ok(
      barStart(lines[3]!) < barStart(lines[4]!) && barStart(lines[4]!) < barStart(lines[5]!),
    );
  });
});

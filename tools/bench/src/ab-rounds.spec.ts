import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { envPairs, medians } from './ab-rounds';

describe('bench:ab', () => {
  it('reads K=V pairs, keeping any later "=" in the value', () => {
    assert.deepEqual(envPairs(['LOG_LEVEL=warn', 'OTEL_RESOURCE_ATTRIBUTES=a=b,c=d']), {
      LOG_LEVEL: 'warn',
      OTEL_RESOURCE_ATTRIBUTES: 'a=b,c=d',
    });
  });

  it('refuses a pair without a name or an "="', () => {
    assert.throws(() => envPairs(['LOG_LEVEL']), /take K=V, got "LOG_LEVEL"/);
    assert.throws(() => envPairs(['=warn']), /take K=V/);
  });

  it('reports the median of every figure over the rounds, not the best or the last', () => {
    const summary = medians([
      { okRps: 200, cpuMs: { bff: 2.5, total: 9 } },
      { okRps: 300, cpuMs: { bff: 1.5, total: 6 } },
      { okRps: 250, cpuMs: { bff: 2.0, total: 7.5 } },
    ]);
    assert.deepEqual(summary, { okRps: 250, cpuMs: { bff: 2, total: 7.5 } });
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIO_DEFAULTS, scenarios } from './scenarios';

describe('scenario switches', () => {
  it('default to the fixes', () => {
    assert.deepEqual(scenarios({}), SCENARIO_DEFAULTS);
    assert.deepEqual(scenarios({}), { nPlusOne: false, connectionLimit: 0, retryJitter: true });
  });

  it('turn each problem on from the environment', () => {
    assert.deepEqual(
      scenarios({
        SCENARIO_N_PLUS_ONE: 'on',
        SCENARIO_CONNECTION_LIMIT: '2',
        SCENARIO_RETRY_JITTER: 'off',
      }),
      { nPlusOne: true, connectionLimit: 2, retryJitter: false },
    );
  });

  it('refuse a typo with the accepted values, so a demo never runs the wrong scenario', () => {
    assert.throws(
      () => scenarios({ SCENARIO_N_PLUS_ONE: 'yes' }),
      /SCENARIO_N_PLUS_ONE=yes .* on or off/,
    );
    assert.throws(
      () => scenarios({ SCENARIO_CONNECTION_LIMIT: '-1' }),
      /SCENARIO_CONNECTION_LIMIT=-1 .*\(e\.g\. 2\)/,
    );
  });
});

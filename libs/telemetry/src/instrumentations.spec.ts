import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProbe, suiteInstrumentations } from './instrumentations';

/** The short names (as in OTEL_NODE_*_INSTRUMENTATIONS) of what `env` turns on; unpatches again. */
function enabled(env: NodeJS.ProcessEnv): string[] {
  const instrumentations = suiteInstrumentations(env);
  for (const instrumentation of instrumentations) instrumentation.disable();
  return instrumentations
    .map((i) => i.instrumentationName.replace('@opentelemetry/instrumentation-', ''))
    .sort();
}

describe('instrumentations (getNodeAutoInstrumentations)', () => {
  it("default to the suite's set: no undici (clients trace calls), no fs/dns/net", () => {
    assert.deepEqual(enabled({}), ['express', 'http', 'nestjs-core', 'pino']);
  });

  it('honour OTEL_NODE_DISABLED_INSTRUMENTATIONS on top of the default', () => {
    assert.deepEqual(enabled({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'nestjs-core' }), [
      'express',
      'http',
      'pino',
    ]);
  });

  it('honour OTEL_NODE_ENABLED_INSTRUMENTATIONS in place of the default, and both together', () => {
    assert.deepEqual(enabled({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,undici' }), [
      'http',
      'undici',
    ]);
    assert.deepEqual(
      enabled({
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,undici',
        OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'undici',
      }),
      ['http'],
    );
  });

  it('leave process.env as it was', () => {
    const before = process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
    enabled({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' });
    assert.equal(process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'], before);
  });

  it('treat only /health/* as probes', () => {
    assert.equal(isProbe('/health/ready'), true);
    assert.equal(isProbe('/api/users/1/dashboard'), false);
    assert.equal(isProbe(undefined), false);
  });
});

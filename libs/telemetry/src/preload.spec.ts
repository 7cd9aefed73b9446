import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const PRELOAD = join(__dirname, 'preload.js');
// Run after the preload, in the process it set up: which tracing library did it load?
const PROBE = `console.log(JSON.stringify({
  jaegerClient: Object.keys(require.cache).some((f) => f.includes('/node_modules/jaeger-client/')),
}));
process.exit(0);`;

function loadedAfterPreload(env: NodeJS.ProcessEnv): { jaegerClient: boolean } {
  const out = execFileSync(process.execPath, ['--import', PRELOAD, '-e', PROBE], {
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: 'preload-probe',
      OTEL_TRACES_EXPORTER: 'none',
      ...env,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { jaegerClient: boolean };
}

describe('the telemetry preload', () => {
  it('keeps jaeger-client out of an OpenTelemetry service (several MB of idle memory)', () => {
    assert.equal(loadedAfterPreload({ TRACER: 'otel' }).jaegerClient, false);
  });

  it('loads jaeger-client for the legacy tracer', () => {
    const legacy = loadedAfterPreload({
      TRACER: 'jaeger-client',
      JAEGER_SERVICE_NAME: 'preload-probe',
      JAEGER_DISABLED: 'false',
    });
    assert.equal(legacy.jaegerClient, true);
  });
});

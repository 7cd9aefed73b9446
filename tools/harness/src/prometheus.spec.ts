import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findPrometheus, prometheusConfig } from './prometheus';
import { repoRoot } from './root';

describe('prometheus harness', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'prometheus-spec-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("fills infra/prometheus/prometheus.yml's target and interval for a local run", () => {
    const text = prometheusConfig(repoRoot(), '127.0.0.1:18889', '1s');
    assert.match(text, /targets: \['127\.0\.0\.1:18889'\]/);
    assert.match(text, /scrape_interval: 1s/);
    assert.doesNotMatch(text, /'spanmetrics:8889'/);
  });

  it('says what to keep when the file lost its placeholder', () => {
    mkdirSync(join(scratch, 'infra/prometheus'), { recursive: true });
    writeFileSync(join(scratch, 'infra/prometheus/prometheus.yml'), 'scrape_configs: []\n');
    assert.throws(() => prometheusConfig(scratch, '127.0.0.1:1', '1s'), /keep both/);
  });

  it('--no-build without a cached binary says how to build it', async () => {
    const found = await findPrometheus(repoRoot(), {
      build: false,
      env: { ...process.env, SUITE_CACHE_DIR: scratch, PROMETHEUS_BIN: '' },
    });
    assert.equal(found.binary, undefined);
    assert.match(found.reason ?? '', /npm run prometheus:build/);
  });
});

// A chaos run is a trace of its own: `npm run chaos` runs a shipped experiment against a suite of its
// own that exports to a real Jaeger; one tag search on the run id (chaos.experiment) then finds the
// run's trace (service chaos) and the dashboards it drove (service bff), and the run's probe spans
// link to degraded request traces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessGroup, findJaeger, freeJaegerPorts, launchJaeger, repoRoot } from '@suite/harness';
import { JaegerQueryClient, type TraceSpan } from '@suite/trace-model';

const root = repoRoot();
const group = new ProcessGroup('silent');
const EXPERIMENT = 'kill-loyalty';

interface Report {
  runId: string;
  status: string;
  reason?: string;
  jaeger: { runTrace?: string };
}

/** `node tools/chaos/dist/cli.js <experiment> --target own`, its report read back. */
async function runChaos(env: NodeJS.ProcessEnv, out: string): Promise<Report> {
  const child = spawn(
    process.execPath,
    ['tools/chaos/dist/cli.js', EXPERIMENT, '--target', 'own', '--out', out],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const file = readdirSync(out).find((f) => f.endsWith('.json'));
  assert.ok(file, `no report (exit ${code}):\n${output.slice(-3000)}`);
  return JSON.parse(readFileSync(join(out, file), 'utf8')) as Report;
}

describe('a chaos run read back from a real Jaeger', () => {
  let jaeger: JaegerQueryClient;
  let report: Report;
  const out = mkdtempSync(join(tmpdir(), 'chaos-trace-e2e-'));

  before(async () => {
    const found = await findJaeger(root, { build: true });
    if (!found.binary) throw new Error(`no Jaeger binary: ${found.reason}`);
    const running = await launchJaeger(group, {
      root,
      binary: found.binary,
      ports: await freeJaegerPorts(),
    });
    jaeger = new JaegerQueryClient(running.queryUrl);
    report = await runChaos(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl,
        JAEGER_URL: running.queryUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      out,
    );
  });

  after(async () => {
    await group.stopAll();
    rmSync(out, { recursive: true, force: true });
  });

  const tags = () => ({ 'chaos.experiment': report.runId });

  /** Searches until Jaeger has what the exporters sent (they batch). */
  async function search(service: string): Promise<TraceSpan[][]> {
    for (let i = 0; i < 40; i++) {
      const traces = await jaeger.search({ service, tags: tags(), limit: 1000 });
      if (traces.length) return traces;
      await new Promise((r) => setTimeout(r, 250));
    }
    return [];
  }

  /** The run's trace, once every span of it has arrived. */
  async function runTrace(): Promise<TraceSpan[]> {
    const [found] = await search('chaos');
    assert.ok(found?.[0], 'the tag search finds the run');
    const spans = await jaeger.settledTrace(found[0].traceId, { timeoutMs: 15_000, quietMs: 1500 });
    assert.ok(spans);
    return spans;
  }

  it('passes its hypothesis', () => {
    assert.equal(report.status, 'passed', report.reason);
  });

  it("finds the run's own trace by the run id: a root span with a child per probe, action and rollback", async () => {
    assert.equal((await search('chaos')).length, 1, 'one trace for the run');
    const spans = await runTrace();
    const top = spans.filter((s) => !s.parentSpanId);
    assert.deepEqual(
      top.map((s) => s.name),
      [`chaos run ${EXPERIMENT}`],
    );
    assert.ok(report.jaeger.runTrace?.endsWith(top[0]?.traceId ?? '-'), 'the report links it');
    assert.equal(top[0]?.attributes['chaos.status'], 'passed');
    const names = new Set(spans.map((s) => s.name));
    for (const name of [
      'probe: dashboards never fail',
      'probe: dashboards stay 200 with loyalty on its fallback',
      'action: crash loyalty-service',
      'action: start loyalty-service again',
      'rollback: make sure loyalty-service runs',
    ])
      assert.ok(names.has(name), `${name} in ${[...names].join(', ')}`);
    const children = spans.filter((s) => s.parentSpanId === top[0]?.spanId);
    assert.equal(children.length, spans.length - 1, 'every span a child of the run');
    assert.ok(children.every((s) => s.attributes['chaos.outcome'] === 'ok'));
  });

  it('finds the dashboards the run drove with the same tag, and the run links to degraded ones', async () => {
    const dashboards = await search('bff');
    assert.ok(dashboards.length >= 20, `${dashboards.length} bff traces carry the run id`);
    const run = await runTrace();
    const linked = run.flatMap((s) => s.links);
    assert.ok(linked.length > 0, 'the run links to request traces');
    const found = new Set(dashboards.map((t) => t[0]?.traceId));
    for (const link of linked)
      assert.ok(found.has(link.traceId), `linked ${link.traceId} found by the tag`);
  });
});

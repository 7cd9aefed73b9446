// Scenario 7: where a leaf service's CPU per request goes. user-service alone under load, then the
// same with one layer taken away at a time, each row a fresh process; the difference between two
// rows is what that layer costs.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEADLINE_HEADER,
  ProcessGroup,
  freePort,
  serviceNodeArgs,
  waitForHttp,
} from '@suite/harness';
import { round } from '@suite/traffic';
import { line, pidOf, stop } from '../lifecycle';
import { runLoad } from '../load';
import type { BenchReport, LeafLayerRow } from '../report';
import type { Context } from '../settings';
import { withCpuSplit } from './cpu-split';

const PATH = '/users/42';
/** The BFF's calls to one leaf with 16 dashboards in flight. */
const CONNECTIONS = 16;
const SERVICE = 'user-service';

/** What the BFF sends with every call: its budget, a sampled trace context and a correlation id. */
function bffHeaders(): Record<string, string> {
  return {
    [DEADLINE_HEADER]: '1500',
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    'x-correlation-id': randomUUID(),
  };
}

type Key = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

interface Row {
  key: Key;
  label: string;
  /** The process to load: a baseline script, or user-service with this environment. */
  start: { script: 'server.js' | 'nest-app.js' } | { env: NodeJS.ProcessEnv };
  /** The layer it differs by from another row: cost = `withLayer` minus `without`. */
  layer?: { name: string; withLayer: Key; without: Key };
  /** Spans go to the bench's collector: its CPU counts too. */
  exports?: boolean;
}

function rows(ctx: Context): Row[] {
  const untraced = { OTEL_SDK_DISABLED: 'true' };
  const exported = ctx.tracingEnv;
  return [
    { key: 'a', label: 'a. raw node:http, same body', start: { script: 'server.js' } },
    {
      key: 'b',
      label: 'b. bare Nest 11 + express, one controller',
      start: { script: 'nest-app.js' },
      layer: { name: 'Nest 11 + express', withLayer: 'b', without: 'a' },
    },
    {
      key: 'c',
      label: 'c. user-service, OTEL_SDK_DISABLED=true',
      start: { env: untraced },
      layer: {
        name: "the suite's app: validation, logging, SQLite, interceptors",
        withLayer: 'c',
        without: 'b',
      },
    },
    {
      key: 'd',
      label: 'd. c + LOG_LEVEL=warn',
      start: { env: { ...untraced, LOG_LEVEL: 'warn' } },
      layer: { name: 'the access-log line', withLayer: 'c', without: 'd' },
    },
    {
      key: 'e',
      label: 'e. user-service, OTEL_TRACES_EXPORTER=none',
      start: { env: { OTEL_TRACES_EXPORTER: 'none' } },
      layer: { name: 'making spans', withLayer: 'e', without: 'c' },
    },
    {
      key: 'f',
      label: 'f. user-service as shipped, spans exported',
      start: { env: exported },
      layer: { name: 'exporting spans', withLayer: 'f', without: 'e' },
      exports: true,
    },
    {
      key: 'g',
      label: 'g. f, OTEL_NODE_DISABLED_INSTRUMENTATIONS=nestjs-core',
      start: { env: { ...exported, OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'nestjs-core' } },
      layer: { name: 'the Nest spans', withLayer: 'f', without: 'g' },
      exports: true,
    },
  ];
}

/** Starts one row's process on a free port and waits until it answers its readiness probe. */
async function startRow(
  ctx: Context,
  row: Row,
  bodiesFile: string,
): Promise<{ group: ProcessGroup; url: string; pid: number }> {
  const group = new ProcessGroup('silent');
  ctx.groups.add(group);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const common = { PORT: String(port), BODIES: bodiesFile };
  const managed =
    'script' in row.start
      ? group.spawn(
          row.key,
          process.execPath,
          [join(__dirname, '..', 'baseline', row.start.script), 'user'],
          { cwd: ctx.root, env: { ...process.env, ...common } },
        )
      : group.spawn(
          row.key,
          process.execPath,
          // As the launcher starts it (npm start, and every other scenario).
          serviceNodeArgs(SERVICE),
          {
            cwd: ctx.root,
            env: {
              ...process.env,
              OTEL_SERVICE_NAME: SERVICE,
              HOST: '127.0.0.1',
              DATA_DIR: ':memory:',
              LATENCY: 'off',
              LOG_FORMAT: 'json',
              ...row.start.env,
              ...common,
            },
          },
        );
  await waitForHttp(`${url}/health/ready`, {
    timeoutMs: 30_000,
    stillAlive: () => !managed.exited,
  }).catch((error: unknown) => {
    throw new Error(
      `${row.label} did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
    );
  });
  return { group, url, pid: pidOf(group, row.key) };
}

/** The body user-service answers, for the two baselines to serve as it is. */
async function captureBody(ctx: Context, bodiesFile: string): Promise<void> {
  writeFileSync(bodiesFile, '{}');
  const probe: Row = {
    key: 'c',
    label: 'user-service (to copy its body)',
    start: { env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' } },
  };
  const { group, url } = await startRow(ctx, probe, bodiesFile);
  try {
    const response = await fetch(`${url}${PATH}`, { headers: bffHeaders() });
    if (!response.ok) throw new Error(`${SERVICE} ${PATH} answered ${response.status}`);
    writeFileSync(bodiesFile, JSON.stringify({ user: await response.json() }));
  } finally {
    await stop(ctx, group, probe.label);
  }
}

/** One row: a fresh process, a warm-up, then the measured run and the CPU it took. */
async function measureRow(
  ctx: Context,
  row: Row,
  bodiesFile: string,
): Promise<Omit<LeafLayerRow, 'layer' | 'layerCostMs'>> {
  const { settings: s } = ctx;
  ctx.log(`scenario 7, a leaf request: ${row.label}`);
  const { group, url, pid } = await startRow(ctx, row, bodiesFile);
  try {
    const load = (durationS: number) =>
      runLoad({ url: `${url}${PATH}`, connections: CONNECTIONS, durationS, headers: bffHeaders });
    await load(s.warmupS);
    const collector = row.exports ? ctx.collectorPid : undefined;
    const { run, cpuMsPerAnswer: perRequest } = await withCpuSplit(
      { [SERVICE]: pid, ...(collector ? { jaeger: collector } : {}) },
      () => load(s.leafS),
      3,
    );
    const cpuMsPerRequest = perRequest[SERVICE] ?? NaN;
    const collectorMs = perRequest['jaeger'] ?? NaN;
    ctx.log(
      `  ${line(run)}; CPU per request ${cpuMsPerRequest} ms` +
        (Number.isNaN(collectorMs) ? '' : `, Jaeger ${collectorMs} ms`),
    );
    return {
      label: row.label,
      rps: run.okRps,
      cpuMsPerRequest,
      ...(Number.isNaN(collectorMs) ? {} : { collectorCpuMsPerRequest: collectorMs }),
    };
  } finally {
    await stop(ctx, group, row.label);
  }
}

/** Scenario 7: user-service's CPU per request, layer by layer (see `rows`). */
export async function leafLayers(ctx: Context): Promise<NonNullable<BenchReport['leafLayers']>> {
  const bodiesFile = join(ctx.workDir, 'leaf-bodies.json');
  await captureBody(ctx, bodiesFile);
  const plan = rows(ctx);
  const measured: LeafLayerRow[] = [];
  for (const row of plan) measured.push(await measureRow(ctx, row, bodiesFile));
  const cpu = (key: Key) => measured[plan.findIndex((r) => r.key === key)]?.cpuMsPerRequest ?? NaN;
  return {
    path: PATH,
    connections: CONNECTIONS,
    durationS: ctx.settings.leafS,
    rows: measured.map((result, i) => {
      const layer = plan[i]?.layer;
      return {
        ...result,
        ...(layer
          ? {
              layer: `${layer.name} (${layer.withLayer} - ${layer.without})`,
              layerCostMs: round(cpu(layer.withLayer) - cpu(layer.without), 3),
            }
          : {}),
      };
    }),
  };
}

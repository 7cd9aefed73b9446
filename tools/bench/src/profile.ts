// npm run bench:profile [-- --env K=V ...] [--service bff] [--seconds 10]: a CPU profile of one
// service of the suite under saturating dashboard load (latency 0, tracing on), taken through the
// inspector (Nest re-raises SIGTERM, so --cpu-prof never gets to write its file), saved as a
// .cpuprofile for Chrome DevTools, and summarised by where the time goes. --env applies to every
// service, for A/B runs (e.g. --env LOG_LEVEL=warn).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ProcessGroup,
  SERVICE_NAMES,
  findJaeger,
  freeJaegerPorts,
  freePort,
  launchJaeger,
  launchSuite,
  repoRoot,
  statusMb,
  type ServiceName,
} from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { round } from '@suite/traffic';
import { runLoad } from './load';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, node's internals, the suite's own code, or the VM. */
export function category(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.includes('deps/undici')) return 'undici (fetch)';
  if (url.startsWith('node:internal/')) return `node:${url.slice(14).split('/')[0]}`;
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 13).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const suite = /\/(apps|libs)\/([^/]+)\//.exec(url);
  return suite ? `suite:${suite[2]}` : url;
}

/**
 * Self time per category and per function, and inclusive time per category (a sample counts for
 * every category on its stack: "time spent in or under pino"), in % of samples.
 */
export function summariseProfile(profile: CpuProfile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, n] of counts) {
    const { callFrame } = byId.get(id)!;
    const cat = category(callFrame.url, callFrame.functionName);
    categories.set(cat, (categories.get(cat) ?? 0) + n);
    const fn = `${callFrame.functionName || '(anonymous)'} ${cat}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + n);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      seen.add(category(frame.url, frame.functionName));
    }
    for (const c of seen) inclusive.set(c, (inclusive.get(c) ?? 0) + n);
  }
  const pct = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => ({ name, pct: round((n / total) * 100) }));
  return {
    samples: total,
    categories: pct(categories),
    inclusive: pct(inclusive),
    functions: pct(functions),
  };
}

async function inspector(wsUrl: string) {
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id) pending.get(message.id)?.(message.result);
  };
  return {
    send: (method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

function options() {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', multiple: true, default: [] },
      service: { type: 'string', default: 'bff' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      out: { type: 'string', default: '/tmp' },
    },
  });
  const service = values.service as ServiceName;
  if (!SERVICE_NAMES.includes(service))
    throw new Error(`--service must be one of ${SERVICE_NAMES.join(', ')}`);
  const extra = Object.fromEntries(
    values.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return {
    service,
    extra,
    envArgs: values.env,
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    out: values.out,
  };
}

/** Spans to Jaeger when a binary is at hand, else to an in-process sink. */
async function tracing(
  root: string,
  group: ProcessGroup,
): Promise<{ env: NodeJS.ProcessEnv; sink?: OtlpSink }> {
  const jaeger = await findJaeger(root, { build: false });
  if (jaeger.binary) {
    const running = await launchJaeger(group, {
      root,
      binary: jaeger.binary,
      ports: await freeJaegerPorts(),
    });
    return { env: { OTEL_EXPORTER_OTLP_ENDPOINT: running.otlpHttpUrl } };
  }
  const sink = new OtlpSink();
  return {
    sink,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: await sink.start(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    },
  };
}

/** Profiles the process behind `inspectPort` while `load` runs. */
async function profileDuring<T>(
  inspectPort: number,
  load: () => Promise<T>,
): Promise<{ result: T; profile: CpuProfile }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const session = await inspector(targets[0]!.webSocketDebuggerUrl);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  await session.send('Profiler.start');
  const result = await load();
  const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
  session.close();
  return { result, profile };
}

async function main(): Promise<void> {
  const o = options();
  const root = repoRoot();
  const group = new ProcessGroup('silent');
  let sink: OtlpSink | undefined;
  const stopAll = async () => {
    await group.stopAll();
    await sink?.stop();
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const traced = await tracing(root, group);
    sink = traced.sink;
    const inspectPort = await freePort();
    console.log(
      `[profile] starting the suite (latency 0, tracing on${o.envArgs.length ? `, ${o.envArgs.join(' ')}` : ''})`,
    );
    const suite = await launchSuite(group, {
      root,
      ports: 'free',
      dataDir: ':memory:',
      // No rate limit: past its bucket, the BFF would answer 429s instead of dashboards.
      env: { LOG_FORMAT: 'json', LATENCY: 'off', RATE_LIMIT_RPS: '0', ...traced.env, ...o.extra },
      serviceEnv: { [o.service]: { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` } },
    });
    const url = `${suite.urls.bff}/api/users/42/dashboard`;
    const { connections, seconds } = o;
    console.log('[profile] warm-up 3 s');
    await runLoad({ url, connections, durationS: 3 });
    console.log(`[profile] ${connections} connections for ${seconds} s, profiling ${o.service}`);
    const { result: run, profile } = await profileDuring(inspectPort, () =>
      runLoad({ url, connections, durationS: seconds }),
    );
    const pid = group.get(o.service)?.child.pid ?? 0;
    const file = join(o.out, `${o.service}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const figures = {
      env: o.extra,
      okRps: run.okRps,
      rps: run.rps,
      statusCodes: run.statusCodes,
      timeouts: run.timeouts,
      p50Ms: run.latencyMs.p50,
      p99Ms: run.latencyMs.p99,
      errors: run.errors + run.non2xx,
      rssMb: Math.round(statusMb(pid, 'VmRSS')),
      profile: file,
    };
    console.log(JSON.stringify({ ...figures, ...summariseProfile(profile) }, null, 2));
  } finally {
    await stopAll();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[profile] failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}

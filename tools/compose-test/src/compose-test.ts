// npm run compose:test: docker-compose.yml proven by a real run. Starts a Docker engine when none runs
// (installing Debian's docker.io on a fresh CI machine), makes local base images when the official ones
// cannot be pulled, builds and starts the suite on free host ports, then checks what users rely on: a
// trace in Jaeger, a degraded 200 while loyalty-service is down, recovery, spans flushed on stop.
// Everything it started is removed at the end, also on failure or Ctrl-C.
//
// Environment: COMPOSE ('docker compose' or 'docker-compose'; default: whichever works, the plugin first),
// COMPOSE_TEST_IMAGES (auto | official | local; default auto), NODE_IMAGE / JAEGER_IMAGE (use these),
// COMPOSE_TEST_DOCKERD_ARGS (extra dockerd flags), COMPOSE_TEST_KEEP=1 (leave the suite running).
import { spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { styleText } from 'node:util';
import { freePort, repoRoot } from '@suite/harness';
import {
  JaegerClient,
  JaegerQueryError,
  orphans,
  roots,
  services,
  type TraceSpan,
} from '@suite/trace-model';

const ROOT = repoRoot();
const PROJECT = process.env['COMPOSE_TEST_PROJECT'] ?? 'suite-compose-test';
const CACHE = join(
  process.env['SUITE_CACHE_DIR'] ?? join(homedir(), '.cache', 'distributed-tracing-suite'),
  'docker',
);
const OFFICIAL = { node: 'node:24-bookworm-slim', jaeger: 'jaegertracing/jaeger:2.13.0' };
const SUITE_SERVICES = [
  'user-service',
  'order-service',
  'loyalty-service',
  'recommendation-service',
  'bff',
] as const;
const HEALTHCHECKED = ['jaeger', ...SUITE_SERVICES] as const;

const started = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let stepNo = 0;
function step(title: string): void {
  stepNo++;
  console.log(styleText('bold', `\n=== ${stepNo}. ${title} (${seconds(Date.now() - started)})`));
}
const info = (line: string) => console.log(`    ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; `show` streams its output (indented) instead of collecting it. */
function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; show?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const relay = (chunk: Buffer, into: 'out' | 'err') => {
      const text = chunk.toString();
      if (into === 'out') stdout += text;
      else stderr += text;
      if (options.show) {
        for (const line of text.split('\n').filter((l) => l.trim())) {
          process.stdout.write(`      ${line}\n`);
        }
      }
    };
    child.stdout?.on('data', (c: Buffer) => relay(c, 'out'));
    child.stderr?.on('data', (c: Buffer) => relay(c, 'err'));
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

async function must(command: string, args: string[], options: Parameters<typeof run>[2] = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new CheckFailed(
      `\`${command} ${args.join(' ')}\` failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  return result;
}

const dockerWorks = async () => (await run('docker', ['info'], { timeoutMs: 10_000 })).code === 0;
const hasCommand = async (name: string) =>
  (await run('sh', ['-c', `command -v ${name}`])).code === 0;

// ---------------------------------------------------------------------------------------------
// Engine

let engine: { pid: number; log: string } | undefined;

/** Installs what a fresh Debian CI machine lacks (as root, with apt-get); otherwise says what to do. */
async function ensurePackages(): Promise<void> {
  const missing: string[] = [];
  if (!(await hasCommand('dockerd'))) missing.push('docker.io');
  // COMPOSE=docker-compose asks for the Python 1.29 tool even where the plugin is installed.
  const pluginWorks = async () => (await run('docker', ['compose', 'version'])).code === 0;
  const wanted = process.env['COMPOSE'];
  if (
    !(await hasCommand('docker-compose')) &&
    (wanted === 'docker-compose' || (wanted === undefined && !(await pluginWorks())))
  )
    missing.push('docker-compose');
  if (!(await hasCommand('debootstrap'))) missing.push('debootstrap');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !(await hasCommand('apt-get'))) {
    throw new CheckFailed(
      `missing: ${missing.join(', ')}. Install them (Debian: apt-get install ${missing.join(' ')}) or start Docker yourself`,
    );
  }
  info(`installing ${missing.join(', ')} with apt-get (fresh machine)…`);
  await must('apt-get', ['update', '-qq'], { timeoutMs: 300_000 });
  await must('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    timeoutMs: 600_000,
  });
}

async function ensureEngine(): Promise<void> {
  await ensurePackages();
  if (await dockerWorks()) {
    info('a Docker engine is running: using it (and leaving it running)');
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new CheckFailed('no Docker engine is running and this is not root: start Docker first');
  }
  mkdirSync(CACHE, { recursive: true });
  const log = join(CACHE, 'dockerd.log');
  const extra = (process.env['COMPOSE_TEST_DOCKERD_ARGS'] ?? '').split(/\s+/).filter(Boolean);
  // cgroupfs: this kind of machine has no systemd to manage cgroups.
  const args = ['--exec-opt', 'native.cgroupdriver=cgroupfs', ...extra];
  info(`starting dockerd ${args.join(' ')} (log: ${log})`);
  const out = openSync(log, 'a');
  const options: SpawnOptions = { detached: true, stdio: ['ignore', out, out] };
  const child = spawn('dockerd', args, options);
  child.unref();
  if (!child.pid) throw new CheckFailed('dockerd did not start: see the log above');
  engine = { pid: child.pid, log };
  const deadline = Date.now() + 60_000;
  while (!(await dockerWorks())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new CheckFailed(
        `dockerd did not come up (see ${log}); on unusual kernels try COMPOSE_TEST_DOCKERD_ARGS="--storage-driver=vfs --iptables=false"`,
      );
    }
    await sleep(500);
  }
  info(`dockerd ${child.pid} ready`);
}

async function stopEngine(): Promise<void> {
  if (!engine) return;
  const { pid } = engine;
  info(`stopping the dockerd this test started (${pid})…`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      info('dockerd stopped');
      return;
    }
    if (Date.now() > deadline) {
      info(`dockerd ${pid} is still stopping after 30 s; leaving it (see ${engine.log})`);
      return;
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// Compose

interface Compose {
  command: string;
  prefix: string[];
}
let compose: Compose | undefined;
let composeEnv: NodeJS.ProcessEnv = {};
let upDone = false;

async function pickCompose(): Promise<void> {
  const wanted = process.env['COMPOSE'];
  for (const candidate of wanted ? [wanted] : ['docker compose', 'docker-compose']) {
    const [command = 'docker-compose', ...prefix] = candidate.split(' ');
    const version = await run(command, [...prefix, 'version', '--short']);
    if (version.code === 0) {
      compose = { command, prefix };
      info(`${candidate} ${version.stdout.trim()}`);
      if (candidate === 'docker-compose' && !wanted) {
        info('(the docker compose v2 plugin is not installed here; the file is v2-compatible too)');
      }
      return;
    }
  }
  throw new CheckFailed(
    wanted
      ? `COMPOSE='${wanted}' does not work here: ${wanted === 'docker compose' ? 'bash infra/docker/ensure-compose-plugin.sh builds the plugin' : 'apt-get install docker-compose'}, or unset COMPOSE`
      : 'neither `docker compose` nor `docker-compose` works: bash infra/docker/ensure-compose-plugin.sh builds the plugin, or apt-get install docker-compose',
  );
}

function composeRun(args: string[], options: Parameters<typeof run>[2] = {}) {
  if (!compose) throw new Error('pickCompose() first');
  return must(compose.command, [...compose.prefix, '-p', PROJECT, ...args], {
    ...options,
    env: { ...composeEnv, ...options.env },
  });
}

/** The official images when this machine has or can pull them; local stand-ins otherwise. */
async function chooseImages(): Promise<{ node: string; jaeger: string }> {
  const mode = process.env['COMPOSE_TEST_IMAGES'] ?? 'auto';
  const chosen = {
    node: process.env['NODE_IMAGE'] ?? OFFICIAL.node,
    jaeger: process.env['JAEGER_IMAGE'] ?? OFFICIAL.jaeger,
  };
  if (process.env['NODE_IMAGE'] && process.env['JAEGER_IMAGE']) return chosen;
  if (mode !== 'local') {
    let available = true;
    for (const image of [chosen.node, chosen.jaeger]) {
      if ((await run('docker', ['image', 'inspect', image])).code === 0) continue;
      info(`pulling ${image}…`);
      const pulled = await run('docker', ['pull', '-q', image], { timeoutMs: 300_000 });
      if (pulled.code !== 0) {
        info(`cannot pull ${image}: ${pulled.stderr.trim().split('\n').at(-1) ?? ''}`);
        available = false;
        break;
      }
    }
    if (available) return chosen;
    if (mode === 'official') throw new CheckFailed('COMPOSE_TEST_IMAGES=official, but pull failed');
  }
  info('making local base images (debootstrap + Node binary + Jaeger binary; cached)…');
  const made = await must('bash', [join(ROOT, 'infra/docker/ensure-base-images.sh')], {
    show: true,
    timeoutMs: 1_800_000,
  });
  const vars = Object.fromEntries(
    made.stdout
      .split('\n')
      .map((l) => /^(NODE_IMAGE|JAEGER_IMAGE)=(.+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  return {
    node: process.env['NODE_IMAGE'] ?? vars['NODE_IMAGE'] ?? '',
    jaeger: process.env['JAEGER_IMAGE'] ?? vars['JAEGER_IMAGE'] ?? '',
  };
}

async function containerId(service: string): Promise<string> {
  const { stdout } = await composeRun(['ps', '-q', service]);
  return stdout.trim();
}

interface ContainerState {
  Status: string;
  ExitCode: number;
  Health?: { Status: string };
}
async function state(service: string): Promise<ContainerState | undefined> {
  const id = await containerId(service);
  if (!id) return undefined;
  const { stdout } = await must('docker', ['inspect', '-f', '{{json .State}}', id]);
  return JSON.parse(stdout) as ContainerState;
}

/** Waits until every named service reports healthy; prints each one as it gets there. */
async function waitHealthy(names: readonly string[], since: number, timeoutMs = 120_000) {
  const pending = new Set(names);
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const s = await state(name);
      if (s?.Health?.Status === 'healthy') {
        pending.delete(name);
        info(`${name.padEnd(24)} healthy after ${seconds(Date.now() - since)}`);
      } else if (s && s.Status !== 'running' && s.Status !== 'created') {
        const logs = await composeRun(['logs', '--tail=30', name]).catch((e: Error) => e.message);
        throw new CheckFailed(`${name} is ${s.Status} (exit ${s.ExitCode}):\n${String(logs)}`);
      }
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      throw new CheckFailed(`not healthy after ${seconds(timeoutMs)}: ${[...pending].join(', ')}`);
    }
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      info(`waiting for ${[...pending].join(', ')}…`);
    }
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

interface DashboardBody {
  meta: { traceId: string; correlationId: string; degraded: string[] };
}

async function dashboard(
  bff: string,
  userId = '42',
): Promise<{ status: number; body: DashboardBody }> {
  const response = await fetch(`${bff}/api/users/${userId}/dashboard`, {
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as DashboardBody };
}

/** Polls `probe` until it returns a value; `what` names it in the failure. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = ` (last: ${(error as Error).message})`;
    }
    if (Date.now() > deadline) throw new CheckFailed(`${what} within ${seconds(timeoutMs)}${last}`);
    await sleep(intervalMs);
  }
}

function mib(text: string): number {
  const match = /^([\d.]+)\s*([KMG]i?B|B)$/.exec(text.trim());
  if (!match) return 0;
  const value = Number(match[1]);
  const unit = match[2] ?? 'B';
  if (unit.startsWith('G')) return value * 1024;
  if (unit.startsWith('M')) return value;
  if (unit.startsWith('K')) return value / 1024;
  return value / 1024 / 1024;
}

async function main(): Promise<void> {
  const figures: [string, string][] = [];

  step('Docker engine');
  await ensureEngine();
  await pickCompose();

  step('base images');
  const images = await chooseImages();
  info(`NODE_IMAGE=${images.node}  JAEGER_IMAGE=${images.jaeger}`);

  const bffPort = await freePort();
  const uiPort = await freePort();
  composeEnv = {
    COMPOSE_PROJECT_NAME: PROJECT,
    NODE_IMAGE: images.node,
    JAEGER_IMAGE: images.jaeger,
    BFF_PORT: String(bffPort),
    JAEGER_UI_PORT: String(uiPort),
    // A quicker beat than the default, so the checks below see traffic and traces sooner.
    LOADGEN_RATE: '4',
  };
  const bff = `http://127.0.0.1:${bffPort}`;
  const jaeger = new JaegerClient(`http://127.0.0.1:${uiPort}`);
  // A leftover from an interrupted run would hold the names and the volume.
  await composeRun(['down', '-v', '--remove-orphans'], { timeoutMs: 120_000 });

  step(`build (${[compose?.command, ...(compose?.prefix ?? [])].join(' ')} build)`);
  const buildStart = Date.now();
  await composeRun(['build'], { show: true, timeoutMs: 1_800_000 });
  const buildMs = Date.now() - buildStart;
  const image = composeEnv['SUITE_IMAGE'] ?? 'distributed-tracing-suite:latest';
  const size = Number(
    (await must('docker', ['image', 'inspect', '-f', '{{.Size}}', image])).stdout,
  );
  figures.push(['build (compose build)', seconds(buildMs)]);
  figures.push([`image ${image}`, `${Math.round(size / 1024 / 1024)} MiB`]);
  info(`built in ${seconds(buildMs)}; ${image} is ${Math.round(size / 1024 / 1024)} MiB`);

  step(`up -d (project ${PROJECT}; BFF on :${bffPort}, Jaeger UI on :${uiPort})`);
  const upStart = Date.now();
  upDone = true;
  // docker-compose 1.29 returns from `up -d` only once the dependencies are healthy: watch meanwhile,
  // and look for the load generator's first trace from the start, so the figure is not rounded up.
  const [, , firstTrace] = await Promise.all([
    composeRun(['up', '-d'], { timeoutMs: 300_000 }),
    waitHealthy(HEALTHCHECKED, upStart),
    eventually(
      'a trace of the load generator in Jaeger',
      async () =>
        (await jaeger.search({ service: 'bff', limit: 1 })).length > 0 ? Date.now() : undefined,
      120_000,
      250,
    ),
  ]);
  info(`up done after ${seconds(Date.now() - upStart)}`);
  figures.push(['up -> first trace in Jaeger', seconds(firstTrace - upStart)]);
  info(
    `first trace in Jaeger ${seconds(firstTrace - upStart)} after up` +
      (firstTrace - upStart > 30_000 ? ' — OVER the 30 s budget' : ' (budget 30 s)'),
  );

  step('only the BFF and the Jaeger UI are published, on loopback');
  for (const service of [...HEALTHCHECKED, 'loadgen']) {
    const id = await containerId(service);
    const { stdout } = await must('docker', [
      'inspect',
      '-f',
      '{{json .NetworkSettings.Ports}}',
      id,
    ]);
    const ports = JSON.parse(stdout) as Record<
      string,
      { HostIp: string; HostPort: string }[] | null
    >;
    const published = Object.entries(ports).flatMap(([inner, bindings]) =>
      (bindings ?? []).map((b) => `${b.HostIp}:${b.HostPort}->${inner}`),
    );
    const expected =
      service === 'bff'
        ? [`127.0.0.1:${bffPort}->3000/tcp`]
        : service === 'jaeger'
          ? [`127.0.0.1:${uiPort}->16686/tcp`]
          : [];
    check(
      JSON.stringify(published) === JSON.stringify(expected),
      `${service} publishes ${JSON.stringify(published)}, expected ${JSON.stringify(expected)}`,
    );
    info(`${service.padEnd(24)} ${published.join(', ') || 'not published'}`);
  }

  step('a dashboard through the BFF, and its trace in Jaeger');
  const first = await dashboard(bff);
  check(first.status === 200, `dashboard answered ${first.status}`);
  check(first.body.meta.degraded.length === 0, `degraded: ${first.body.meta.degraded.join(', ')}`);
  const { traceId } = first.body.meta;
  // Services export in batches and the BFF's root ends last, so a trace can hold all five services
  // before its root arrives: wait for the whole tree, then say what was missing if it never came.
  let latest: TraceSpan[] = [];
  const trace = await jaeger
    .waitFor(
      async () => {
        latest = (await jaeger.trace(traceId)) ?? [];
        const complete =
          SUITE_SERVICES.every((s) => services(latest).includes(s)) &&
          roots(latest).length === 1 &&
          orphans(latest).length === 0;
        return complete ? latest : undefined;
      },
      { timeoutMs: 15_000, what: `trace ${traceId} with all five services under one root` },
    )
    .catch((error: unknown) => {
      throw new CheckFailed(
        `${(error as Error).message}; last seen: ${latest.length} spans from ` +
          `${services(latest).join(', ') || 'no service'}, ${roots(latest).length} roots, ` +
          `${orphans(latest).length} orphans (see docker compose logs bff)`,
      );
    });
  info(`trace ${traceId}: ${trace.length} spans over ${services(trace).join(', ')}`);

  step('loyalty-service killed: the dashboard still answers 200, degraded');
  await composeRun(['kill', 'loyalty-service']);
  const degraded = await eventually(
    'a 200 with loyalty in meta.degraded',
    async () => {
      const r = await dashboard(bff);
      return r.status === 200 && r.body.meta.degraded.includes('loyalty') ? r : undefined;
    },
    15_000,
  );
  info(`200 with meta.degraded = ${JSON.stringify(degraded.body.meta.degraded)}`);

  step('loyalty-service started again: the dashboard recovers');
  const restart = Date.now();
  await composeRun(['start', 'loyalty-service']);
  await waitHealthy(['loyalty-service'], restart);
  await eventually(
    'a 200 with nothing degraded after loyalty-service came back',
    async () => {
      const r = await dashboard(bff);
      return r.status === 200 && r.body.meta.degraded.length === 0 ? r : undefined;
    },
    60_000,
  );
  info(`recovered ${seconds(Date.now() - restart)} after start`);

  step('memory (docker stats --no-stream, with the load generator running)');
  const ids = (await composeRun(['ps', '-q'])).stdout.trim().split('\n').filter(Boolean);
  const stats = await must('docker', [
    'stats',
    '--no-stream',
    '--format',
    '{{.Name}}\t{{.MemUsage}}',
    ...ids,
  ]);
  let total = 0;
  for (const line of stats.stdout.trim().split('\n')) {
    const [name, usage] = line.split('\t');
    const used = mib((usage ?? '').split('/')[0] ?? '');
    total += used;
    info(`${(name ?? '').padEnd(44)} ${used.toFixed(1).padStart(7)} MiB`);
  }
  figures.push(['memory of the suite (7 containers)', `${total.toFixed(0)} MiB`]);
  info(`total ${total.toFixed(0)} MiB`);
  check(total < 1024, `the suite uses ${total.toFixed(0)} MiB, budget 1 GiB`);

  step('the load generator keeps traffic flowing');
  const loadgenLog = (await composeRun(['logs', '--no-color', 'loadgen'])).stdout;
  const progress = loadgenLog
    .split('\n')
    .filter((l) => l.includes('[loadgen]') && l.includes(' sent '));
  const last = progress.at(-1) ?? '';
  check(/status .*\b200:\d+/.test(last), `no answered requests in the loadgen's progress: ${last}`);
  info(last.replace(/^.*?\[loadgen\]/, '[loadgen]'));

  step('spans flushed on stop (user-service holds its spans for 10 minutes, then is stopped)');
  await composeRun(['stop', 'loadgen']);
  const recreate = Date.now();
  await composeRun(['up', '-d', '--no-deps', 'user-service'], {
    env: { OTEL_BSP_SCHEDULE_DELAY: '600000' },
  });
  await waitHealthy(['user-service'], recreate);
  const held = await eventually(
    'a 200 dashboard after user-service was recreated',
    async () => {
      const r = await dashboard(bff, '7');
      return r.status === 200 ? r : undefined;
    },
    30_000,
  );
  const heldTrace = held.body.meta.traceId;
  const withoutUser = await jaeger.waitFor(
    async () => {
      const spans = await jaeger.trace(heldTrace);
      return spans?.some((s) => s.service === 'bff') ? spans : undefined;
    },
    { timeoutMs: 15_000, what: `trace ${heldTrace}` },
  );
  await sleep(2_000);
  const beforeStop = (await jaeger.trace(heldTrace)) ?? withoutUser;
  check(
    !beforeStop.some((s: TraceSpan) => s.service === 'user-service'),
    'user-service exported its span before the stop: the flush check proves nothing',
  );
  info(`trace ${heldTrace} in Jaeger without user-service's spans (still buffered)`);
  const stopStart = Date.now();
  await composeRun(['stop', 'user-service']);
  const stopMs = Date.now() - stopStart;
  const stopped = await state('user-service');
  check(stopped?.ExitCode !== 137, 'user-service was SIGKILLed: it ignored SIGTERM');
  await jaeger
    .waitFor(
      async () =>
        (await jaeger.trace(heldTrace))?.some((s) => s.service === 'user-service')
          ? true
          : undefined,
      { timeoutMs: 10_000, what: `user-service's spans of ${heldTrace} after stop` },
    )
    .catch((error: unknown) => {
      throw new CheckFailed((error as Error).message);
    });
  figures.push(['compose stop user-service', seconds(stopMs)]);
  info(`stopped in ${seconds(stopMs)} (exit ${stopped?.ExitCode}); its spans reached Jaeger`);

  console.log(
    styleText(['bold', 'green'], `\ncompose test passed in ${seconds(Date.now() - started)}`),
  );
  for (const [what, value] of figures) console.log(`  ${what.padEnd(40)} ${value}`);
}

async function cleanup(): Promise<void> {
  step('cleanup');
  if (compose && upDone && process.env['COMPOSE_TEST_KEEP'] !== '1') {
    const down = await run(
      compose.command,
      [...compose.prefix, '-p', PROJECT, 'down', '-v', '--remove-orphans'],
      {
        env: composeEnv,
        timeoutMs: 120_000,
      },
    );
    info(
      down.code === 0
        ? 'down -v: containers, network and volume removed'
        : `down failed: ${down.stderr}`,
    );
  } else if (process.env['COMPOSE_TEST_KEEP'] === '1') {
    info(`COMPOSE_TEST_KEEP=1: the suite stays up (${compose?.command} -p ${PROJECT} down -v)`);
  }
  await stopEngine();
}

let exiting = false;
async function finish(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    await cleanup().catch((error: unknown) => console.error(`cleanup failed: ${String(error)}`));
  }
  process.exit(code);
}
process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));

main().then(
  () => finish(0),
  (error: unknown) => {
    const message =
      error instanceof CheckFailed || error instanceof JaegerQueryError
        ? error.message
        : String((error as Error).stack ?? error);
    console.error(styleText('red', `\ncompose test FAILED: ${message}`));
    return finish(1);
  },
);

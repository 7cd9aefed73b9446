// A Docker engine to run the suite on: the one that runs, or a dockerd of our own (as root).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run, runOrThrow } from '@suite/harness';
import { CheckFailed, info } from './log';

/** Where the compose test keeps what it makes (the dockerd log). */
export const CACHE = join(
  process.env['SUITE_CACHE_DIR'] ?? join(homedir(), '.cache', 'distributed-tracing-suite'),
  'docker',
);

/** A dockerd this test started, to stop at the end. */
export interface Engine {
  pid: number;
  log: string;
}

const dockerWorks = async () => (await run('docker', ['info'], { timeoutMs: 10_000 })).code === 0;
export const hasCommand = async (name: string) =>
  (await run('sh', ['-c', `command -v ${name}`])).code === 0;

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
  await runOrThrow('apt-get', ['update', '-qq'], { timeoutMs: 300_000 });
  await runOrThrow('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    timeoutMs: 600_000,
  });
}

/**
 * Uses the running engine, or starts a dockerd and hands it to `started` at once (so that it is
 * stopped at the end even when it never comes up).
 */
export async function ensureEngine(started: (engine: Engine) => void): Promise<void> {
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
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (!child.pid) throw new CheckFailed('dockerd did not start: see the log above');
  started({ pid: child.pid, log });
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

export async function stopEngine(engine: Engine | undefined): Promise<void> {
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

// infra/jaeger/ensure-jaeger.sh against a loopback stand-in for the release download server:
// a checksum-verified archive is installed, a bad or missing checksum is refused, an unreachable
// server falls back at once with the placeholder-UI notice. JAEGER_GO=false keeps the Go build
// out (it would take minutes), so the fallback ends in the script's "no usable Go" exit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findJaeger } from './jaeger';
import { freePort } from './ports';
import { repoRoot } from './root';

const run = promisify(execFile);
const SCRIPT = join(repoRoot(), 'infra/jaeger/ensure-jaeger.sh');
const RELEASE = '2.12.0';
const PLATFORM = 'linux-amd64';
const ARCHIVE = `jaeger-${RELEASE}-${PLATFORM}.tar.gz`;
const SUMS = `jaeger-${RELEASE}.sha256sum.txt`;

let work: string;
let archive: Buffer;
/** What the stand-in serves, by URL path; tests swap the checksum file. */
const files = new Map<string, Buffer>();
const requested: string[] = [];
let server: Server;
let baseUrl: string;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sumsLine = (hash: string, name = ARCHIVE) => Buffer.from(`${hash} *${name}\n`);

/** A release-shaped archive: jaeger-<release>-<platform>/jaeger, here a shell script. */
async function buildArchive(dir: string): Promise<Buffer> {
  const top = `jaeger-${RELEASE}-${PLATFORM}`;
  await mkdir(join(dir, top), { recursive: true });
  await writeFile(join(dir, top, 'jaeger'), '#!/bin/sh\necho "fake jaeger $*"\n');
  await chmod(join(dir, top, 'jaeger'), 0o755);
  await writeFile(join(dir, top, 'example-hotrod'), 'not needed\n');
  await run('tar', ['-czf', join(dir, 'archive.tar.gz'), '-C', dir, top]);
  return readFile(join(dir, 'archive.tar.gz'));
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function ensure(cache: string, downloadUrl: string, args: string[] = []): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: work,
    TMPDIR: work,
    SUITE_CACHE_DIR: cache,
    JAEGER_DOWNLOAD_URL: downloadUrl,
    JAEGER_PLATFORM: PLATFORM,
    JAEGER_GO: 'false',
  };
  const started = Date.now();
  try {
    const { stdout, stderr } = await run('bash', [SCRIPT, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
      ms: Date.now() - started,
    };
  }
}

const newCache = () => mkdtemp(join(work, 'cache-'));
const releaseBin = (cache: string) => join(cache, 'jaeger', `release-${RELEASE}`, 'jaeger');

before(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'ensure-jaeger-spec-')));
  archive = await buildArchive(join(work, 'src'));
  files.set(`/v${RELEASE}/${ARCHIVE}`, archive);
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await rm(work, { recursive: true, force: true });
});

describe('ensure-jaeger.sh, official release download', () => {
  it('installs the archive whose checksum matches and prints the binary path', async () => {
    files.set(`/v${RELEASE}/${SUMS}`, sumsLine(sha256(archive)));
    const cache = await newCache();
    requested.length = 0;
    const got = await ensure(cache, baseUrl);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout.trim(), releaseBin(cache));
    assert.deepEqual(requested.sort(), [`/v${RELEASE}/${ARCHIVE}`, `/v${RELEASE}/${SUMS}`]);
    assert.match(got.stderr, /checksum verified, full web UI/);
    const { stdout } = await run(got.stdout.trim(), ['version']);
    assert.equal(stdout.trim(), 'fake jaeger version');

    // Cached now: found without the server (a closed port) and with no download.
    const again = await ensure(cache, `http://127.0.0.1:${await freePort()}`);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim(), releaseBin(cache));
    assert.equal(again.stderr, '');
  });

  it('accepts a sums file in `sha256sum` format among other archives', async () => {
    const other = `${'0'.repeat(64)}  jaeger-${RELEASE}-darwin-arm64.tar.gz\n`;
    files.set(`/v${RELEASE}/${SUMS}`, Buffer.from(`${other}${sha256(archive)}  ${ARCHIVE}\n`));
    const cache = await newCache();
    const got = await ensure(cache, `${baseUrl}/`);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout.trim(), releaseBin(cache));
  });

  it('refuses an archive whose checksum does not match, then falls back', async () => {
    const wrong = sha256(Buffer.from('something else'));
    files.set(`/v${RELEASE}/${SUMS}`, sumsLine(wrong));
    const cache = await newCache();
    const got = await ensure(cache, baseUrl);
    assert.equal(got.code, 3, got.stderr);
    assert.equal(got.stdout, '');
    assert.match(got.stderr, new RegExp(`refusing the download: checksum mismatch for ${ARCHIVE}`));
    assert.match(got.stderr, new RegExp(`expected ${wrong}, got ${sha256(archive)}`));
    assert.match(got.stderr, /UI is a placeholder/);
    assert.match(got.stderr, /'false env GOVERSION' failed: not a working Go toolchain/);
    assert.equal(existsSync(releaseBin(cache)), false, 'a refused archive must not be installed');
  });

  it('refuses an archive that the sums file does not list', async () => {
    files.set(`/v${RELEASE}/${SUMS}`, sumsLine(sha256(archive), 'jaeger-2.12.0-windows-amd64.zip'));
    const cache = await newCache();
    const got = await ensure(cache, baseUrl, ['--no-build']);
    assert.equal(got.code, 4, got.stderr);
    assert.match(got.stderr, new RegExp(`lists no checksum for ${ARCHIVE}`));
    assert.equal(existsSync(releaseBin(cache)), false);
  });

  it('falls back within seconds with the placeholder-UI notice when the server is unreachable', async () => {
    const cache = await newCache();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const got = await ensure(cache, closed);
    assert.equal(got.code, 3, got.stderr);
    assert.ok(got.ms < 5_000, `fallback took ${got.ms} ms`);
    assert.match(got.stderr, /could not download .*\(curl exit 7\)/);
    assert.match(got.stderr, /UI is a placeholder page/);
    assert.match(got.stderr, /docker compose up/);

    const noBuild = await ensure(cache, closed, ['--no-build']);
    assert.equal(noBuild.code, 4, noBuild.stderr);
    assert.match(noBuild.stderr, /npm run jaeger:build/);
  });
});

describe('findJaeger', () => {
  async function fakeBinary(path: string): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '#!/bin/sh\n');
    await chmod(path, 0o755);
  }
  const envFor = (cache: string): NodeJS.ProcessEnv => ({
    PATH: process.env['PATH'],
    HOME: work,
    SUITE_CACHE_DIR: cache,
    JAEGER_DOWNLOAD_URL: 'none',
  });

  it('prefers the downloaded release, then the Go-module build', async () => {
    const cache = await newCache();
    const built = join(cache, 'jaeger', 'v1.75.0', 'jaeger');
    await fakeBinary(built);
    assert.deepEqual(await findJaeger(repoRoot(), { build: false, env: envFor(cache) }), {
      binary: built,
    });
    await fakeBinary(releaseBin(cache));
    assert.deepEqual(await findJaeger(repoRoot(), { build: false, env: envFor(cache) }), {
      binary: releaseBin(cache),
    });
  });

  it('gives the last line of the reason when there is no binary', async () => {
    const found = await findJaeger(repoRoot(), { build: false, env: envFor(await newCache()) });
    assert.equal(found.binary, undefined);
    assert.match(found.reason ?? '', /npm run jaeger:build/);
  });
});

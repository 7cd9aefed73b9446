// launchJaeger and JAEGER_UI_ASSETS_PATH: the real Jaeger binary (whatever ensure-jaeger.sh has
// cached; never built here) serves a UI folder when the variable is set, and its own UI otherwise.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findJaeger, freeJaegerPorts, launchJaeger, uiAssetsPath } from './jaeger';
import { ProcessGroup } from './process-group';
import { repoRoot } from './root';

const MARKER = 'suite-ui-assets-marker';
let work: string;
let assets: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'jaeger-spec-'));
  assets = join(work, 'ui');
  await mkdir(assets);
  await writeFile(
    join(assets, 'index.html'),
    `<!doctype html><html><head><base href="/" /><title>${MARKER}</title></head><body></body></html>\n`,
  );
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('uiAssetsPath', () => {
  it('is undefined when the variable is unset or empty', () => {
    assert.equal(uiAssetsPath(undefined), undefined);
    assert.equal(uiAssetsPath(''), undefined);
  });

  it('resolves a folder with index.html against the working directory', () => {
    assert.equal(uiAssetsPath('ui', work), assets);
    assert.equal(uiAssetsPath(assets), assets);
  });

  it('says what to do when the folder has no index.html', () => {
    assert.throws(
      () => uiAssetsPath(work),
      /JAEGER_UI_ASSETS_PATH=.* has no index\.html: point it at a jaeger-ui build folder/,
    );
  });
});

describe('launchJaeger with the real Jaeger', () => {
  const group = new ProcessGroup('silent');
  // Only a cached binary: this test never downloads or builds Jaeger.
  let found: { binary?: string; reason?: string } = {};
  before(async () => {
    found = await findJaeger(repoRoot(), {
      build: false,
      env: { ...process.env, JAEGER_DOWNLOAD_URL: 'none' },
    });
  });
  after(() => group.stopAll());

  async function searchPage(binary: string, uiAssets: string): Promise<string> {
    const running = await launchJaeger(group, {
      root: repoRoot(),
      binary,
      ports: await freeJaegerPorts(),
      uiAssets,
    });
    try {
      // Any UI route answers with index.html (single-page app).
      const res = await fetch(`${running.queryUrl}/search`);
      assert.equal(res.status, 200);
      return await res.text();
    } finally {
      await group.stopOne('jaeger');
    }
  }

  it('serves the folder named by JAEGER_UI_ASSETS_PATH', async (t) => {
    if (!found.binary) return t.skip(`no Jaeger binary cached (${found.reason})`);
    assert.match(await searchPage(found.binary, assets), new RegExp(`<title>${MARKER}</title>`));
  });

  it('serves the UI built into the binary when the variable is empty', async (t) => {
    if (!found.binary) return t.skip(`no Jaeger binary cached (${found.reason})`);
    const page = await searchPage(found.binary, '');
    assert.doesNotMatch(page, new RegExp(MARKER));
    // Jaeger fills in its version, in the placeholder page and in the real UI alike.
    assert.match(page, /JAEGER_VERSION = \{"gitCommit"/);
  });

  it('serves the remote sampling strategies of the file it is given, and the suite file by default', async (t) => {
    if (!found.binary) return t.skip(`no Jaeger binary cached (${found.reason})`);
    const strategies = join(work, 'strategies.json');
    await writeFile(
      strategies,
      JSON.stringify({
        service_strategies: [{ service: 'loyalty-service', type: 'probabilistic', param: 0.25 }],
      }),
    );
    const rate = async (samplingStrategies?: string): Promise<unknown> => {
      const running = await launchJaeger(group, {
        root: repoRoot(),
        binary: found.binary ?? '',
        ports: await freeJaegerPorts(),
        ...(samplingStrategies ? { samplingStrategies } : {}),
      });
      try {
        const res = await fetch(`${running.samplingUrl}/sampling?service=loyalty-service`);
        assert.equal(res.status, 200);
        const body = (await res.json()) as { probabilisticSampling?: { samplingRate: number } };
        return body.probabilisticSampling?.samplingRate;
      } finally {
        await group.stopOne('jaeger');
      }
    };
    assert.equal(await rate(strategies), 0.25);
    // infra/jaeger/sampling-strategies.json keeps every trace of loyalty-service.
    assert.equal(await rate(), 1);
  });
});

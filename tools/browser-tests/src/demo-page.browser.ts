// The demo page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, no browser
// download) against the five real services: `npm run test:browser` (it installs chromium first when
// it can: `npm run browser:setup`).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessGroup, type RunningSuite, launchSuiteWithSink } from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import type { TraceSpan } from '@suite/trace-model';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const JAEGER_UI = 'http://jaeger.test:16686';
const SCREENSHOT = process.env['DEMO_SCREENSHOT'] ?? join(tmpdir(), 'demo-page.png');

interface BarRow {
  branch: string;
  status: string;
  ms: number;
  text: string;
  /** The bar's offset, % of the dashboard's time. */
  left: number;
  width: number;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the demo page in headless Chromium', () => {
  const group = new ProcessGroup('silent');
  const sink = new OtlpSink();
  const profile = mkdtempSync(join(tmpdir(), 'suite-chromium-'));
  let suite: RunningSuite;
  let browser: BrowserContext | undefined;
  let page: Page;

  before(async () => {
    // A browser suite that skips proves nothing: no chromium is a failure that says what to do.
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    }
    suite = await launchSuiteWithSink(group, sink, {
      LATENCY: 'fixed:30',
      JAEGER_UI_URL: JAEGER_UI,
      CHAOS_ADMIN_TOKEN: 'browser-test-token-0123456789',
    });
    // A fresh profile each run: nothing cached from an earlier page.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(suite.urls.bff);
    await page.waitForSelector('body[data-ready="true"]');
  });

  after(async () => {
    await browser?.close();
    await group.stopAll();
    await sink.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  /** Clicks a strategy and answers the newest result's bars, link and ids. */
  async function load(strategy: string) {
    const count = await page.locator('#results > li').count();
    await page.click(`button[data-strategy="${strategy}"]`);
    // Locators, not page functions: the page's CSP (rightly) forbids evaluating strings.
    await page.locator('#results > li').nth(count).waitFor();
    const result = page.locator('#results > li').first();
    const bars: BarRow[] = [];
    for (const row of await result.locator('.bar-row').all()) {
      const style = (await row.locator('.bar').getAttribute('style')) ?? '';
      bars.push({
        branch: (await row.getAttribute('data-branch')) ?? '',
        status: (await row.getAttribute('data-status')) ?? '',
        ms: Number(await row.getAttribute('data-ms')),
        text: (await row.locator('.bar').textContent()) ?? '',
        left: Number(/left:\s*([\d.]+)%/.exec(style)?.[1] ?? NaN),
        width: Number(/width:\s*([\d.]+)%/.exec(style)?.[1] ?? NaN),
      });
    }
    return {
      bars,
      title: await result.locator('.title').textContent(),
      href: await result.locator('a.jaeger').getAttribute('href'),
      traceId: await result.locator('.trace').textContent(),
      correlationId: await result.locator('.correlation').textContent(),
    };
  }

  it('serves a page that loads nothing from outside', async () => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(suite.urls.bff)) external.push(request.url());
    });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.deepEqual(external, []);
    assert.match((await page.title()) ?? '', /dashboard demo/);
  });

  for (const strategy of ['parallel', 'sequential', 'bounded']) {
    it(`draws a bar per branch for a ${strategy} dashboard, with the response's status and ms`, async () => {
      await page.fill('#user', '7');
      const shown = await load(strategy);
      assert.match(shown.title ?? '', new RegExp(`user 7 · ${strategy}.* · 200`));
      assert.deepEqual(
        shown.bars.map((b) => b.branch),
        ['user', 'orders', 'loyalty', 'recommendations'],
      );
      for (const bar of shown.bars) {
        assert.equal(bar.status, 'ok', `${bar.branch} is ${bar.status}`);
        assert.ok(bar.ms > 0, `${bar.branch} took ${bar.ms} ms`);
        assert.equal(bar.text, `ok ${bar.ms} ms`);
      }
      // Bars are offset by their start: one after another only when sequential.
      const lefts = shown.bars.map((b) => b.left);
      if (strategy === 'sequential') {
        const inOrder = lefts.every((left, i) => i === 0 || left > (lefts[i - 1] ?? Infinity));
        assert.ok(inOrder, `sequential bars start one after another: ${lefts}`);
      } else if (strategy === 'parallel') {
        // Every call is under way before the first one answers.
        const firstEnd = Math.min(...shown.bars.map((b) => b.left + b.width));
        assert.ok(Math.max(...lefts) < firstEnd, `parallel bars overlap: ${lefts}`);
      }
      const traceId = shown.traceId ?? '';
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.equal(shown.href, `${JAEGER_UI}/trace/${traceId}`);
      assert.ok(shown.correlationId, 'a correlation id is shown');
      // The link leads to a real trace: the BFF exported it under that id.
      const spans = await sink.waitForTrace(traceId, 10);
      assert.ok(spans.some((s) => s.service === 'bff'));
    });
  }

  it('shows chaos buttons, and a fault button degrades its branch until cleared', async () => {
    assert.equal(await page.isVisible('#chaos'), true);
    await page.click('button[data-action="loyalty-down"]');
    await page
      .locator('#chaos-status', { hasText: 'loyalty-service: demo-loyalty-down' })
      .waitFor();
    const degraded = await load('parallel');
    const loyalty = degraded.bars.find((b) => b.branch === 'loyalty');
    assert.notEqual(loyalty?.status, 'ok');
    assert.match(degraded.title ?? '', / · 200$/);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.click('button[data-action="clear"]');
    await page.locator('#chaos-status', { hasText: /^no active faults$/ }).waitFor();
  });
});

/** The spans the sink received, as Jaeger's query API would answer them. */
function asJaegerTrace(traceId: string, spans: TraceSpan[]) {
  return {
    traceID: traceId,
    processes: Object.fromEntries(spans.map((s) => [s.service, { serviceName: s.service }])),
    spans: spans.map((s) => ({
      traceID: s.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s.parentSpanId
        ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId }]
        : [],
      startTime: s.startUs,
      duration: s.durationUs,
      tags: [{ key: 'span.kind', type: 'string', value: s.kind }],
      logs: [],
      processID: s.service,
    })),
  };
}

/**
 * A stand-in for a Jaeger built from its Go module, on loopback: the placeholder page on every UI
 * route, and the query API answering the traces the suite exported to the sink.
 */
function placeholderJaeger(sink: OtlpSink): Server {
  return createServer((req, res) => {
    const traceId = /^\/api\/traces\/([0-9a-f]{32})$/.exec(req.url ?? '')?.[1];
    if (traceId) {
      const spans = sink.spans.filter((s) => s.traceId === traceId);
      res.writeHead(spans.length ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          spans.length
            ? { data: [asJaegerTrace(traceId, spans)], errors: null }
            : { data: null, errors: [{ code: 404, msg: 'trace not found' }] },
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<!DOCTYPE html><html><title>Test Page</title><body><h1>🥋: This is not the Jaeger UI you are looking for!</h1></body></html>',
    );
  });
}

describe('the demo page where Jaeger serves only its placeholder UI', () => {
  const group = new ProcessGroup('silent');
  const sink = new OtlpSink();
  const jaeger = placeholderJaeger(sink);
  const profile = mkdtempSync(join(tmpdir(), 'suite-chromium-'));
  let browser: BrowserContext | undefined;

  after(async () => {
    await browser?.close();
    await group.stopAll();
    await sink.stop();
    jaeger.closeAllConnections();
    await new Promise((resolve) => jaeger.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  });

  it("draws the request's trace on the page, says how to get the full UI, and links nowhere", async () => {
    await new Promise<void>((resolve) => jaeger.listen(0, '127.0.0.1', resolve));
    const jaegerUrl = `http://127.0.0.1:${(jaeger.address() as AddressInfo).port}`;
    const suite = await launchSuiteWithSink(group, sink, {
      LATENCY: 'fixed:30',
      JAEGER_UI_URL: jaegerUrl,
    });
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(suite.urls.bff);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('button[data-strategy="parallel"]');
    const result = page.locator('#results > li').first();
    await result.locator('.trace-view[data-state="shown"]').waitFor({ timeout: 15_000 });

    assert.equal(await result.locator('a.jaeger').isVisible(), false, 'no link to the placeholder');
    assert.match(
      (await result.locator('.trace-note').textContent()) ?? '',
      /docker compose up.*official Jaeger release/,
    );
    const rows = result.locator('.span-row');
    const services = new Set<string>();
    for (const row of await rows.all())
      services.add((await row.getAttribute('data-service')) ?? '');
    assert.deepEqual([...services].sort(), [
      'bff',
      'loyalty-service',
      'order-service',
      'recommendation-service',
      'user-service',
    ]);
    // Drawn as a tree: the BFF's server span first, at depth 0, and everything else below it.
    assert.equal(await rows.first().getAttribute('data-service'), 'bff');
    assert.equal(await rows.first().getAttribute('data-depth'), '0');
    assert.match((await rows.first().textContent()) ?? '', /GET \/api\/users\/:userId\/dashboard/);
    const depths: number[] = [];
    for (const row of await rows.all()) depths.push(Number(await row.getAttribute('data-depth')));
    assert.ok(depths.length >= 5 && depths.slice(1).every((d) => d > 0), `one root: ${depths}`);
  });
});

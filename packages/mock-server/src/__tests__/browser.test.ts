import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRexServer } from '@rex/mock-server/node';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs setupRexWorker in headless Chromium (the system's; nothing is downloaded). Skipped
// when there is no Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const browserEntry = fileURLToPath(new URL('../browser.ts', import.meta.url));
const workerScript = fileURLToPath(
  new URL('../../node_modules/msw/lib/mockServiceWorker.js', import.meta.url),
);

const PAGE = `
import { setupRexWorker } from ${JSON.stringify(browserEntry)};
const base = 'https://acme.rexgtm.com';
const rex = setupRexWorker({ baseUrl: base, ids: { seed: 7 } });
const call = async (method, path, body) => {
  const res = await fetch(base + path, {
    method,
    headers: { 'x-api-key': 'rex_test_browser', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
};
(async () => {
  await rex.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  const out = {};
  out.create = await call('POST', '/contacts', { email: ' Ada@Example.com ' });
  out.upsert = await call('POST', '/contacts/upsert', { email: 'ADA@example.com', title: 'CTO' });
  out.list = await call('GET', '/contacts?fields=email,title');
  rex.addFault({ path: '/events', networkError: true, times: 1 });
  try { await call('GET', '/events'); out.network = 'resolved'; } catch (error) { out.network = error.name; }
  out.events = await call('GET', '/events');
  out.journal = rex.requests().map((r) => r.status);
  window.__result = out;
})().catch((error) => { window.__result = { error: String(error && error.stack || error) }; });
`;

let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';

beforeAll(async () => {
  if (!hasChromium) return;
  const dir = mkdtempSync(join(tmpdir(), 'rex-browser-'));
  writeFileSync(join(dir, 'page.js'), PAGE);
  await build({
    entryPoints: [join(dir, 'page.js')],
    outfile: join(dir, 'bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': ['<!doctype html><script type="module" src="/bundle.js"></script>', 'text/html'],
    '/bundle.js': [readFileSync(join(dir, 'bundle.js'), 'utf8'), 'text/javascript'],
    '/mockServiceWorker.js': [readFileSync(workerScript, 'utf8'), 'text/javascript'],
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1] }).end(file[0]);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe.skipIf(!hasChromium)('setupRexWorker in Chromium', () => {
  it('serves the stateful API from a service worker, faults included', async () => {
    const page = await (browser as Browser).newPage();
    await page.goto(origin);
    await page.waitForFunction(
      () => (window as unknown as { __result?: unknown }).__result !== undefined,
      null,
      {
        timeout: 30_000,
      },
    );
    const result = (await page.evaluate(
      () => (window as unknown as { __result: unknown }).__result,
    )) as Record<
      string,
      // biome-ignore lint/suspicious/noExplicitAny: the page's results are read loosely
      any
    >;
    expect(result.error).toBeUndefined();
    expect(result.create.status).toBe(201);
    expect(result.create.body.data.email).toBe('ada@example.com');
    expect(result.create.requestId).toMatch(/^req_/);
    expect(result.upsert.status).toBe(200);
    expect(result.upsert.body.data.id).toBe(result.create.body.data.id);
    expect(result.list.body.data).toEqual([
      { id: result.create.body.data.id, email: 'ada@example.com', title: 'CTO' },
    ]);
    expect(result.network).toBe('TypeError');
    expect(result.events.body.data.map((e: { type: string }) => e.type)).toEqual([
      'contact.created',
      'contact.updated',
    ]);
    expect(result.journal).toEqual([201, 200, 200, 0, 200]);
  }, 60_000);

  it('lets a page on another origin call startRexServer (CORS preflight, exposed headers)', async () => {
    const api = await startRexServer({ port: 0 });
    try {
      const page = await (browser as Browser).newPage();
      await page.goto(origin);
      const result = await page.evaluate(async (url) => {
        const res = await fetch(`${url}/contacts`, {
          method: 'POST',
          headers: { 'X-Api-Key': 'rex_test_cors', 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'cors@example.com' }),
        });
        return {
          status: res.status,
          requestId: res.headers.get('x-request-id'),
          remaining: res.headers.get('x-ratelimit-remaining'),
          email: ((await res.json()) as { data: { email: string } }).data.email,
        };
      }, api.url);
      expect(result).toEqual({
        status: 201,
        requestId: expect.stringMatching(/^req_/),
        remaining: '999',
        email: 'cors@example.com',
      });
      expect(api.mock.requests().map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201']);
    } finally {
      await api.close();
    }
  }, 60_000);
});

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, type PageServer, servePage } from '../../../../examples/browser-app/scripts/serve.js';

// The browser example (examples/browser-app), built from the packages' source, in headless
// Chromium (the system's: nothing is downloaded): its mock runs in the page, answered by the
// MSW service worker, and the inspector is shown in an iframe from the HTML the worker serves.
// Skipped when there is no Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const output = join(root, '.tmp', 'test-output', 'inspector');
const API = 'https://acme.rexgtm.com/';

let browser: Browser | undefined;
let server: PageServer | undefined;

beforeAll(async () => {
  if (!hasChromium) {
    console.warn(
      `inspector worker test skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`,
    );
    return;
  }
  mkdirSync(output, { recursive: true });
  await buildPage({ fromSource: true });
  server = await servePage(0);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!hasChromium)('the inspector through the browser example MSW worker', () => {
  it('shows the page records, journal and fault rules, live, with every call answered in the browser', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1200 } });
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    const network: string[] = [];
    let fromWorker = 0;
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console.${message.type()}: ${message.text()} (${message.location().url})`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.url().startsWith(API) && response.fromServiceWorker()) fromWorker++;
      else if (!response.url().startsWith((server as PageServer).url)) network.push(response.url());
    });
    page.on('requestfailed', (request) => network.push(`${request.url()} (failed)`));

    await page.goto((server as PageServer).url);
    await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor();
    await page.getByLabel('Email').fill('lin@example.com');
    await page.getByLabel('First name').fill('Lin');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('result').filter({ hasText: 'done' }).waitFor();

    await page.getByRole('button', { name: 'Show the mock inspector' }).click();
    const inspector = page.frameLocator('iframe[title="Rex mock inspector"]');
    // A record the page made, found by its visible text.
    await inspector.getByRole('button', { name: 'Show the contacts of org default (3)' }).click();
    await inspector.locator('#record-list summary', { hasText: 'lin@example.com' }).waitFor();
    // The journal, keys shown by their last 4 characters only.
    const upsert = inspector.locator('#journal-list summary', { hasText: 'POST/contacts/upsert200' });
    await upsert.waitFor();
    await expect(upsert.textContent()).resolves.toContain('…_app');
    await expect(inspector.locator('body').textContent()).resolves.not.toContain('rex_test_browser_app');

    // A fault rule added from the inspector reaches the page's own calls.
    const form = inspector.getByRole('form', { name: 'Add a fault rule' });
    await form.getByLabel('Path (exact)').fill('/contacts');
    await form.getByLabel('Method').selectOption('POST');
    await form.getByLabel('Status').fill('503');
    await form.getByLabel('Times').fill('1');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await inspector.getByText('POST /contacts → 503 1 more time').waitFor();

    // Live: a second submit of the same email (an upsert: "updated", not a stale error) shows
    // up in the inspector without a reload; the fault fires once on the create and is spent.
    await page.getByLabel('Email').fill('LIN@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page
      .getByTestId('result')
      .filter({ hasText: /^(done|error)/ })
      .waitFor();
    await expect(page.getByTestId('result').textContent()).resolves.toMatch(/^error: InternalServerError/);
    await inspector.locator('#journal-list summary', { hasText: 'POST/contacts503' }).waitFor();
    await inspector.getByText('No fault rule is active').waitFor();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page
      .getByTestId('result')
      .filter({ hasText: /^(done|error)/ })
      .waitFor();
    await expect(page.getByTestId('result').textContent()).resolves.toBe('done');
    await expect(page.getByTestId('capture').textContent()).resolves.toMatch(
      /^updated lin@example\.com as cont_/,
    );
    await expect(page.getByTestId('create').textContent()).resolves.toMatch(
      /^grace@example\.com exists already as cont_\w+ \(409 conflict\)$/,
    );
    await inspector.locator('#journal-list summary', { hasText: 'POST/contacts409' }).waitFor();
    await inspector.locator('#event-list', { hasText: 'contact.updated' }).waitFor();
    await page.screenshot({ path: join(output, 'inspector-worker.png'), fullPage: true });

    expect(fromWorker).toBeGreaterThan(10);
    expect(network).toEqual([]);
    // The browser logs every 4xx/5xx it loads: the two this test provoked on the page's own
    // POST /contacts (the fault's 503, then the create's 409), and nothing from the inspector.
    expect(problems).toEqual([
      `console.error: Failed to load resource: the server responded with a status of 503 () (${API}contacts)`,
      `console.error: Failed to load resource: the server responded with a status of 409 () (${API}contacts)`,
    ]);
    await page.close();
  }, 120_000);
});

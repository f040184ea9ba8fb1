import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningRexServer, startRexServer } from '@rex/mock-server/node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Drives the inspector page of a standalone server in headless Chromium (the system's: nothing
// is downloaded). Skipped when there is no Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where screenshots go: git-ignored. */
const output = join(root, '.tmp', 'test-output', 'inspector');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser | undefined;
let server: RunningRexServer | undefined;

beforeAll(async () => {
  if (!hasChromium) {
    console.warn(`inspector test skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);
    return;
  }
  mkdirSync(output, { recursive: true });
  server = await startRexServer({
    port: 0,
    seed: [
      {
        companies: [{ name: 'Initech', domain: 'initech.example' }],
        contacts: [
          { email: 'ada@example.com', first_name: 'Ada', metadata: { plan: 'enterprise' } },
          { email: 'grace@example.com', first_name: 'Grace' },
        ],
      },
    ],
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS, timeout: 60_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every request the page makes, console errors and warnings, and uncaught page errors. */
function watch(page: Page) {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { requests, problems };
}

describe.skipIf(!hasChromium)('the inspector page in Chromium', () => {
  it('shows seeded records, the journal and fault rules, and updates live without a reload', async () => {
    const { url, mock } = server as RunningRexServer;
    const call = (method: string, path: string, key: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    // A key that only reads makes no org, so the page can show it nowhere but in the journal.
    await call('GET', '/contacts?limit=1', 'rex_test_reader9876');
    mock.addFault({ method: 'GET', path: '/companies', status: 503, retryAfter: 1, times: 2 });

    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(15_000);
    const { requests, problems } = watch(page);
    await page.goto(`${url}/__rex/`);
    await expect(page.title()).resolves.toBe('Rex mock inspector');

    // Orgs and records: the seeded contact, found by its visible text, and its JSON.
    await page.getByRole('button', { name: 'Show the contacts of org default (2)' }).click();
    const ada = page.locator('#record-list summary', { hasText: 'ada@example.com' });
    await ada.waitFor();
    await ada.focus();
    await page.keyboard.press('Enter');
    await page.getByText('"plan": "enterprise"').waitFor();
    await page.getByLabel('Search any field').fill('grace');
    await page.locator('#record-summary', { hasText: 'matching “grace”' }).waitFor();
    await expect(page.locator('#record-list summary').allTextContents()).resolves.toEqual([
      expect.stringContaining('grace@example.com'),
    ]);
    await page.getByLabel('Search any field').fill('');

    // The journal: the request made before the page opened, with the key's last 4 only.
    const entry = page.locator('#journal-list summary', { hasText: '/contacts?limit=1' });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('…9876');
    await expect(page.locator('body').textContent()).resolves.not.toContain('rex_test_reader9876');

    // Fault rules: the one added before, one added with the form, then removed.
    await page
      .locator('#fault-list', { hasText: 'GET /companies → 503 Retry-After 1 s 2 more times' })
      .waitFor();
    const form = page.getByRole('form', { name: 'Add a fault rule' });
    await form.getByLabel('Path (exact)').fill('/events');
    await form.getByLabel('Status').fill('500');
    await form.getByLabel('Times').fill('1');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('any method /events → 500 1 more time').waitFor();
    expect(mock.faults().map((f) => f.rule)).toEqual([
      { method: 'GET', path: '/companies', status: 503, retryAfter: 1, times: 2 },
      { path: '/events', status: 500, times: 1 },
    ]);
    await page.getByRole('button', { name: 'Remove fault rule fault_2' }).click();
    await page.getByText('any method /events → 500').waitFor({ state: 'detached' });
    expect(mock.faults()).toHaveLength(1);

    // Live: a contact created after the page loaded shows up, with its request, no reload.
    const created = await call('POST', '/contacts', 'rex_test_default', { email: 'live@example.com' });
    expect(created.status).toBe(201);
    await page.locator('#record-list summary', { hasText: 'live@example.com' }).waitFor();
    await page.locator('#journal-list summary', { hasText: 'POST/contacts201' }).waitFor();
    await page.locator('#event-list', { hasText: 'contact.created' }).waitFor();
    await page.screenshot({ path: join(output, 'inspector-standalone.png'), fullPage: true });

    // Snapshot download, reset, and restore upload.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download snapshot' }).click(),
    ]);
    const saved = join(output, 'snapshot.json');
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8')).orgs.default.contacts).toHaveLength(3);
    await page.getByRole('button', { name: 'Reset to seed' }).click();
    await page.getByRole('button', { name: 'Press again to reset' }).click();
    await page
      .locator('#record-list summary', { hasText: 'live@example.com' })
      .waitFor({ state: 'detached' });
    expect(mock.snapshot().orgs.default?.contacts).toHaveLength(2);
    await page.locator('#restore-file').setInputFiles(saved);
    await page.getByText('Restored snapshot.json.').waitFor();
    await page.locator('#record-list summary', { hasText: 'live@example.com' }).waitFor();
    expect(mock.snapshot().orgs.default?.contacts).toHaveLength(3);

    const origin = new URL(url).origin;
    expect(requests.filter((r) => !r.startsWith(`${origin}/`) && !r.startsWith('blob:'))).toEqual([]);
    expect(requests.every((r) => r.startsWith('blob:') || new URL(r).hostname === '127.0.0.1')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('follows prefers-color-scheme', async () => {
    const page = await (browser as Browser).newPage({ colorScheme: 'dark' });
    const { problems } = watch(page);
    await page.goto(`${(server as RunningRexServer).url}/__rex/`);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(255, 255, 255)',
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});

/**
 * `pnpm start` (root: `pnpm test:browser`): bundles the page, serves it on 127.0.0.1, opens it in
 * headless Chromium (the system's: nothing is downloaded) and checks what it renders. The API
 * calls are answered in the browser by the MSW service worker of `setupRexWorker`.
 *
 * Chromium: `CHROMIUM_PATH`, default /usr/bin/chromium. Without it the check is skipped (exit 0),
 * except under CI, where it fails.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildPage, servePage } from './serve.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = 30_000;

if (!existsSync(chromiumPath)) {
  if (process.env.CI) {
    console.error(
      `browser test: no Chromium at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log(
    `browser test skipped: no Chromium at ${chromiumPath}; install chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
  );
  process.exit(0);
}

// Bundle the page against the built packages, as a user's app would, and serve it.
await buildPage();
const server = await servePage(0);
const url = server.url;

let failures = 0;
function check(label: string, ok: boolean, detail: string): void {
  if (!ok) failures++;
  console.log(`  ${ok ? '✓' : '✗'} ${label}: ${detail}`);
}

const text = async (page: Page, id: string): Promise<string> =>
  (await page.getByTestId(id).textContent())?.trim() ?? '';

let browser: Browser | undefined;
const logs: string[] = [];
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    timeout: TIMEOUT,
  });
  console.log(`Chromium ${browser.version()} (${chromiumPath}), page at ${url}\n`);
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (message) => logs.push(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[pageerror] ${error.message}`));
  // Every Rex call must be answered by the worker: one that reached the network is a bug.
  const escaped: string[] = [];
  let fromWorker = 0;
  page.on('response', (response) => {
    if (!response.url().startsWith('https://acme.rexgtm.com/')) return;
    if (response.fromServiceWorker()) fromWorker++;
    else escaped.push(response.url());
  });
  page.on('requestfailed', (request) => {
    if (request.url().startsWith('https://acme.rexgtm.com/')) escaped.push(`${request.url()} (failed)`);
  });

  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor();
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
  check(
    'the MSW service worker controls the page',
    controlled === `${url}mockServiceWorker.js`,
    String(controlled),
  );

  const refusal = await text(page, 'live-key');
  check('a rex_live_ key is refused in the browser', /^refused: .*rex_live_/.test(refusal), refusal);

  await page.getByLabel('Email').fill('  Lin@Example.com ');
  await page.getByLabel('First name').fill('Lin');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page
    .getByTestId('result')
    .filter({ hasText: /^(done|error)/ })
    .waitFor();

  const result = await text(page, 'result');
  check('the flow finished', result === 'done', result);
  const capture = await text(page, 'capture');
  check(
    'capture (no key) stored the normalised email',
    /^captured lin@example\.com as cont_\w+$/.test(capture),
    capture,
  );
  const create = await text(page, 'create');
  check('create with the rex_test_ key', /^created grace@example\.com as cont_\w+$/.test(create), create);
  const upsert1 = await text(page, 'upsert-1');
  check(
    'first upsert created the contact',
    upsert1.startsWith('created=true alan@example.com cont_'),
    upsert1,
  );
  const upsert2 = await text(page, 'upsert-2');
  check(
    'second upsert (other case) updated the same contact',
    /^created=false alan@example\.com cont_\w+ title=Mathematician same-id=true$/.test(upsert2),
    upsert2,
  );
  const contacts = await page.getByTestId('contact').allTextContents();
  check(
    'for await over the list walked every page',
    JSON.stringify(contacts) ===
      JSON.stringify(['alan@example.com (Alan)', 'grace@example.com (Grace)', 'lin@example.com (Lin)']),
    contacts.join(', '),
  );
  const requests = await text(page, 'requests');
  check(
    'the worker answered every call',
    requests ===
      [
        'POST /capture 201',
        'POST /contacts 201',
        'POST /contacts/upsert 201',
        'POST /contacts/upsert 200',
        'GET /contacts 200',
        'GET /contacts 200',
      ].join(' | '),
    requests,
  );
  check(
    'no Rex call reached the network',
    fromWorker === 6 && escaped.length === 0,
    `${fromWorker} responses from the service worker, from the network: ${escaped.join(', ') || 'none'}`,
  );

  // The same email again: capture is an upsert, so it updates the contact (no stale error).
  await page.getByLabel('Email').fill('LIN@example.com');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page
    .getByTestId('result')
    .filter({ hasText: /^(done|error)/ })
    .waitFor();
  const again = await text(page, 'result');
  check('a second submit of the same email finished', again === 'done', again);
  const updated = await text(page, 'capture');
  check(
    'the second capture updated the same contact',
    updated === capture.replace(/^captured/, 'updated'),
    updated,
  );
  const conflict = await text(page, 'create');
  check(
    'the second create is a 409 the page handles',
    /^grace@example\.com exists already as cont_\w+ \(409 conflict\)$/.test(conflict),
    conflict,
  );

  // The mock's inspector, in an iframe, its calls answered by the worker.
  await page.getByRole('button', { name: 'Show the mock inspector' }).click();
  const inspector = page.frameLocator('iframe[title="Rex mock inspector"]');
  await inspector.getByRole('button', { name: 'Show the contacts of org default (3)' }).click();
  const found = await inspector
    .locator('#record-list summary', { hasText: 'lin@example.com' })
    .waitFor()
    .then(
      () => 'lin@example.com listed',
      (error: unknown) => String(error),
    );
  check('the inspector lists the captured contact', found === 'lin@example.com listed', found);
  check(
    "no Rex call reached the network, the inspector's included",
    escaped.length === 0,
    `from the network: ${escaped.join(', ') || 'none'}`,
  );
} catch (error) {
  failures++;
  console.error(`  ✗ ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser?.close();
  await server.close();
}

if (failures > 0 && logs.length > 0) console.log(`\nPage log:\n${logs.join('\n')}`);
console.log(
  failures === 0
    ? '\nBrowser test passed: every check passed.\n'
    : `\nBrowser test failed: ${failures} check(s) wrong.\n`,
);
process.exitCode = failures === 0 ? 0 : 1;

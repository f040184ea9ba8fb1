/**
 * `pnpm test:reference`: the built API reference works for a reader, in headless Chromium.
 *
 * Serves the TypeDoc output (`out` in typedoc.json; `pnpm run docs` builds it) on 127.0.0.1 and
 * checks that:
 * - searching for a concept finds a page that explains it: "dedup", "Retry-After" and "CLI" are
 *   words of the guides and the doc comments, not symbol names, so they need TypeDoc's
 *   `searchInComments` and `searchInDocuments`; the check opens the hits in order and wants the
 *   word on one of the first five pages;
 * - the SDK's `Contacts` page stays readable: its height at 1280 px wide must be at most 6,000 px
 *   (a resource whose types print as expanded object literals runs to many screens); a
 *   full-page screenshot is saved to `.tmp/reference/sdk-contacts.png` (git-ignored).
 *
 * Chromium: `CHROMIUM_PATH`, default /usr/bin/chromium (Debian's; nothing is downloaded). Without
 * it the check is skipped (exit 0), except under CI, where it fails.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = 30_000;
const MAX_HEIGHT = 6_000;
const VIEWPORT = { width: 1280, height: 800 };
/**
 * Concepts a reader searches for, and how the word looks on a page that explains it (`CLI` as a
 * word: the search also offers `client`, as a prefix match). One of the first `TOP` hits must be
 * such a page.
 */
const QUERIES: [query: string, onPage: RegExp][] = [
  ['dedup', /dedup/i],
  ['Retry-After', /retry-after/i],
  ['CLI', /\bCLI\b/],
];
const TOP = 10;
const shots = join(root, '.tmp/reference');

const started = performance.now();
const { out = 'docs' } = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { out?: string };
const site = join(root, out);

if (!existsSync(join(site, 'index.html'))) {
  console.error(`reference check: no ${out}/index.html. Build the reference first: pnpm run docs`);
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  if (process.env.CI) {
    console.error(
      `reference check: no Chromium at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log(
    `reference check skipped: no Chromium at ${chromiumPath}; install chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
  );
  process.exit(0);
}

/** The page TypeDoc wrote for the SDK's `Contacts`, whether it renders it as a class or an interface. */
function contactsPage(): string {
  for (const folder of ['classes', 'interfaces']) {
    const dir = join(site, folder);
    const file = existsSync(dir)
      ? readdirSync(dir).find((f) => /^_rex_sdk\.Contacts\.html$/.test(f))
      : undefined;
    if (file) return `${folder}/${file}`;
  }
  throw new Error(`no page for @rex/sdk Contacts under ${out}/classes or ${out}/interfaces`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(site, path.endsWith('/') ? `${path}index.html` : path));
  if (relative(site, file).startsWith(`..${sep}`)) {
    res.writeHead(403).end();
    return;
  }
  readFile(file).then(
    (body) =>
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
    () => res.writeHead(404).end('Not found'),
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

let failures = 0;
let lap = performance.now();
function check(label: string, ok: boolean, detail: string): void {
  if (!ok) failures++;
  const seconds = ((performance.now() - lap) / 1000).toFixed(1);
  lap = performance.now();
  console.log(`  ${ok ? '✓' : '✗'} ${label}: ${detail} [${seconds} s]`);
}

/** Types `query` into the reference's search box; returns the hits as [text, absolute URL]. */
async function search(page: Page, query: string): Promise<[string, string][]> {
  await page.goto(base);
  await page.locator('#tsd-search-trigger').click();
  const input = page.locator('#tsd-search-input');
  await input.fill('');
  await input.pressSequentially(query);
  const hits = page.locator('#tsd-search-results li a');
  try {
    await hits.first().waitFor({ timeout: 10_000 });
  } catch {
    return [];
  }
  const found: [string, string][] = [];
  for (const link of await hits.all()) {
    const text = ((await link.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
    found.push([text, href]);
  }
  return found;
}

let browser: Browser | undefined;
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
    ],
    timeout: TIMEOUT,
  });
  console.log(`Chromium ${browser.version()} (${chromiumPath}), ${out}/ served at ${base}\n`);
  lap = performance.now();
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  for (const [query, onPage] of QUERIES) {
    const hits = await search(page, query);
    // The hit a reader would click must explain the word, not merely match a symbol's name.
    let found: string | undefined;
    for (const [index, [title, href]] of hits.slice(0, TOP).entries()) {
      await page.goto(href);
      const text = (await page.locator('.col-content').first().textContent()) ?? '';
      const mentions = text.split(new RegExp(onPage.source, `${onPage.flags}g`)).length - 1;
      if (mentions > 0) {
        found = `hit ${index + 1} of ${hits.length}, "${title}" (${href.slice(base.length)}), mentions it ${mentions}×`;
        break;
      }
    }
    check(
      `search "${query}" leads to a page that explains it`,
      found !== undefined,
      found ??
        `none of the first ${TOP} of ${hits.length} results mentions ${onPage}: ${hits
          .slice(0, TOP)
          .map(([title]) => title)
          .join(', ')}`,
    );
  }

  const contacts = contactsPage();
  await page.goto(base + contacts);
  await page.locator('h1').first().waitFor();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  mkdirSync(shots, { recursive: true });
  const shot = join(shots, 'sdk-contacts.png');
  // A page over the limit is captured down to the limit only: its first screens show what is
  // wrong, and a 35,000 px capture alone takes over ten seconds.
  const captured = Math.min(height, MAX_HEIGHT);
  await page.screenshot({
    path: shot,
    fullPage: true,
    clip: { x: 0, y: 0, width: VIEWPORT.width, height: captured },
  });
  // Enforced: params and responses are named interfaces of @rex/types, so a signature prints a
  // linked name instead of the expanded object type (issue 17: 42,479 px before, 5,831 px after).
  check(
    `@rex/sdk Contacts page is at most ${MAX_HEIGHT.toLocaleString('en')} px tall`,
    height <= MAX_HEIGHT,
    `${height.toLocaleString('en')} px at ${VIEWPORT.width} px wide (${contacts}); screenshot ${relative(root, shot)}${
      captured < height ? ` (its first ${captured.toLocaleString('en')} px)` : ''
    }`,
  );
  check('no script errors on the pages', errors.length === 0, errors.join(' | ') || 'none');
} catch (error) {
  failures++;
  console.error(`  ✗ ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${failures === 0 ? 'reference check passed' : `reference check: ${failures} failed`} (${seconds} s)`,
);
process.exitCode = failures === 0 ? 0 : 1;

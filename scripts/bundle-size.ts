/**
 * Measures what a browser app pays for the full `@rex/sdk` client (SPEC §6): an entry that
 * uses every public export is bundled with esbuild (minify, ESM, platform browser) and gzipped.
 * Exits non-zero over the 15 KB budget.
 *
 * It bundles the BUILT packages (`packages/sdk/dist`, `packages/types/dist`, resolved as a user's
 * bundler would through package.json `exports`), so run `pnpm build` first.
 *
 *   npx tsx scripts/bundle-size.ts [--json]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_KB = 15;
const STRETCH_KB = 12;

const sdkDir = fileURLToPath(new URL('../packages/sdk/', import.meta.url));
if (!existsSync(`${sdkDir}dist/index.js`)) {
  console.error(
    'packages/sdk/dist is missing: run `pnpm --filter @rex/types build && pnpm --filter @rex/sdk build`',
  );
  process.exit(2);
}

// Keeps every public export. Classes cannot be tree-shaken method by method, so this is the
// whole client: every resource method, the errors, pagination, retries and webhooks.
const entry = `import * as sdk from '@rex/sdk'; globalThis.rexSdk = sdk;`;

const result = await build({
  stdin: { contents: entry, resolveDir: sdkDir, loader: 'js', sourcefile: 'entry.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  // Resolve `@rex/sdk` itself like a user's bundler: through the package, not its source.
  alias: { '@rex/sdk': sdkDir },
  logLevel: 'warning',
});

const code = result.outputFiles[0]!.contents;
const gzip = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes: number): string => (bytes / 1024).toFixed(2);
const total = gzip(code);

// Attribute output bytes to packages. Gzip does not add up per part, so each part's figure is
// its share of the minified bytes applied to the gzipped total.
const output = Object.values(result.metafile.outputs)[0]!;
const groups = new Map<string, number>();
for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
  const group =
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
    (path.includes('packages/sdk/') ? '@rex/sdk' : path.includes('packages/types/') ? '@rex/types' : path);
  const name = group.startsWith('zod') ? 'zod (via @rex/types)' : group;
  groups.set(name, (groups.get(name) ?? 0) + bytesInOutput);
}
const minified = code.length;
const rows = [...groups].sort((a, b) => b[1] - a[1]);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ minified, gzip: total, parts: Object.fromEntries(rows) }));
} else {
  console.log(`@rex/sdk full client, browser ESM bundle: ${kb(minified)} KB min, ${kb(total)} KB min+gzip`);
  for (const [name, bytes] of rows) {
    console.log(
      `  ${name.padEnd(24)} ${kb(bytes).padStart(7)} KB min  ~${kb((bytes / minified) * total)} KB gz`,
    );
  }
  console.log(
    `budget ${BUDGET_KB} KB (stretch ${STRETCH_KB} KB): ${total / 1024 <= BUDGET_KB ? 'within' : 'OVER'}`,
  );
}
if (total / 1024 > BUDGET_KB) process.exit(1);

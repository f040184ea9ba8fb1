/**
 * Prints what a browser app pays for the `@rex/sdk` client (SPEC §6) and where the bytes come
 * from. The measurement itself is `measureSdkBundle` in bench/bundle.ts, the one place it lives;
 * `pnpm bench` reports the same figure beside other clients. Run `pnpm build` first.
 *
 *   npx tsx scripts/bundle-size.ts [--json]
 */
import { KB, measureSdkBundle, SDK_ALL_ENTRY, SDK_BUDGET_KB } from '../bench/bundle.js';

const { code, gzip, metafile } = await measureSdkBundle();
const all = await measureSdkBundle(SDK_ALL_ENTRY);

// Attribute output bytes to packages. Gzip does not add up per part, so each part's figure is
// its share of the minified bytes applied to the gzipped total.
const output = Object.values(metafile.outputs)[0]!;
const groups = new Map<string, number>();
for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
  const group =
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
    (path.includes('packages/sdk/') ? '@rex/sdk' : path.includes('packages/types/') ? '@rex/types' : path);
  const name = group.startsWith('zod') ? 'zod (via @rex/types)' : group;
  groups.set(name, (groups.get(name) ?? 0) + bytesInOutput);
}
const rows = [...groups].sort((a, b) => b[1] - a[1]);
const kb = (bytes: number): string => (bytes / KB).toFixed(2);
const within = gzip <= SDK_BUDGET_KB * KB;

if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify({ minified: code.length, gzip, allExports: all.gzip, parts: Object.fromEntries(rows) }),
  );
} else {
  console.log(`@rex/sdk client, browser ESM bundle: ${kb(code.length)} KB min, ${kb(gzip)} KB min+gzip`);
  for (const [name, bytes] of rows) {
    console.log(
      `  ${name.padEnd(24)} ${kb(bytes).padStart(7)} KB min  ~${kb((bytes / code.length) * gzip)} KB gz`,
    );
  }
  console.log(`every export, webhook helpers included: ${kb(all.gzip)} KB min+gzip`);
  console.log(`budget ${SDK_BUDGET_KB} KB (1 KB = 1,000 bytes): ${within ? 'within' : 'OVER'}`);
}
if (!within) process.exit(1);

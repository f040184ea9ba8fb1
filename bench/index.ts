/**
 * The SPEC §6 budgets, measured: one table of figure, baseline measured in the same run, ratio,
 * budget and PASS/FAIL. Exits 1 when a budget fails (in short mode too).
 *
 *   pnpm build && pnpm bench                     # full run (~2–3 min)
 *   pnpm bench -- --short  or  BENCH_SHORT=1 pnpm bench   # CI: under a minute
 *   pnpm bench -- --only overhead                # the benchmarks whose label contains a word
 *
 * Timings depend on the machine and on what else runs on it: compare ratios, not raw figures,
 * and take final figures on a quiet machine. docs/quality.md has the method and the last figures.
 */
import { cpus } from 'node:os';
import { benchBundle } from './bundle.js';
import { fmt, type Row, short } from './harness.js';
import { benchHeap } from './heap.js';
import { benchHttpPeers } from './http-peers.js';
import { benchListLatency } from './list-latency.js';
import { benchSdkOverhead } from './sdk-overhead.js';
import { benchSoak } from './soak.js';
import { benchThroughput } from './throughput.js';
import { benchWebhooks } from './webhooks.js';
import { benchWriteLatency } from './write-latency.js';

// Timing budgets gate the full run only. The short run is CI's, on a shared 2-core machine
// where a timing ratio is as noisy as a timed assertion in a test: it reports them (MISS) but
// fails only on the deterministic budgets (bundle bytes, heap per contact).
//
// A budget known to be missed while the work that meets it is open is 'tracked': always
// reported with its figure, never gating, so the miss stays visible without blocking CI.
// SDK bundle size: every resource of SPEC §7–§8 landed at once and the full client went to
// 29.06 KB. Keeping response schemas and OpenAPI data out of it brought it to 21.2 KB, and issue
// 12's cuts (routes by resource, resource methods implemented once, leaner request schemas) to
// 19.79 KB: within 20 KB, so the row gates again, in short mode too (the row's notes give bytes
// by package when it moves).
const benches: [string, () => Promise<Row | Row[]>, 'size' | 'timing' | 'tracked'][] = [
  ['SDK bundle size', benchBundle, 'size'],
  ['heap per contact', benchHeap, 'size'],
  ['list page latency', benchListLatency, 'timing'],
  ['SDK call overhead', benchSdkOverhead, 'timing'],
  ['mock throughput', benchThroughput, 'timing'],
  ['mock over HTTP', benchHttpPeers, 'timing'],
  ['webhook delivery', benchWebhooks, 'timing'],
  ['soak', benchSoak, 'size'],
  ['write latency', benchWriteLatency, 'timing'],
];

// `--only <word>` keeps the benchmarks whose label contains it, for working on one of them.
const only = process.argv[process.argv.indexOf('--only') + 1];
const selected = process.argv.includes('--only')
  ? benches.filter(([label]) => only && label.includes(only))
  : benches;
if (selected.length === 0) {
  console.error(
    `--only ${only ?? ''}: no benchmark label contains it (${benches.map(([label]) => label).join(', ')})`,
  );
  process.exit(2);
}

const started = performance.now();
const command = `${process.argv.includes('--short') ? 'pnpm bench -- --short' : process.env.BENCH_SHORT ? 'BENCH_SHORT=1 pnpm bench' : 'pnpm bench'}`;
console.log(`$ ${command}`);
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, mode ${short ? 'short' : 'full'}, ${new Date().toISOString()}`,
);

const rows: (Row & { gating: boolean })[] = [];
for (const [label, bench, kind] of selected) {
  const gating = kind !== 'tracked' && (!short || kind === 'size');
  const t = performance.now();
  process.stdout.write(`running ${label}… `);
  try {
    rows.push(...[await bench()].flat().map((row) => ({ ...row, gating })));
  } catch (error) {
    rows.push({
      name: label,
      figure: 'error',
      baseline: '-',
      ratio: undefined,
      budget: '-',
      pass: false,
      notes: [String(error instanceof Error ? (error.stack ?? error.message) : error)],
      gating: true,
    });
  }
  console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const table = [
  ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'budget', 'result'],
  ...rows.map((r) => [
    r.name,
    r.figure,
    r.baseline,
    r.ratio === undefined ? '-' : `${fmt(r.ratio)}×`,
    r.budget,
    r.pass ? 'PASS' : r.gating ? 'FAIL' : 'MISS (not gating: see bench/index.ts)',
  ]),
];
const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log('');
console.log(line(table[0]!));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
console.log('');
for (const r of rows) for (const note of r.notes ?? []) console.log(`- ${r.name}: ${note}`);
const failed = rows.filter((r) => !r.pass && r.gating).length;
const missed = rows.filter((r) => !r.pass && !r.gating).length;
const passed = rows.length - failed - missed;
console.log(
  `\nbudgets: ${passed} met, ${failed} failed${missed ? `, ${missed} missed (not gating)` : ''} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
process.exitCode = failed > 0 ? 1 : 0;

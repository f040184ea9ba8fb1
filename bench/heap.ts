/**
 * Heap per stored contact: 100,000 contacts seeded into one org, measured in a child process
 * started with `--expose-gc` so full collections come before each reading. The baseline is the
 * size of one such contact as JSON (what the API returns).
 */
import { join } from 'node:path';
import { fmt, type Row, root, runGcChild } from './harness.js';

export async function benchHeap(): Promise<Row> {
  const result = await runGcChild<{
    perContact: number;
    recordBytes: number;
    before: number;
    after: number;
  }>('heap', join(root, 'bench/heap-child.ts'), ['100000']);
  const ratio = result.perContact / result.recordBytes;
  return {
    name: 'heap per stored contact at 100k',
    figure: `${fmt(result.perContact, 0)} B`,
    baseline: `${result.recordBytes} B (its JSON)`,
    ratio,
    budget: '≤ 2,048 B',
    pass: result.perContact <= 2048,
    notes: [
      `heapUsed ${fmt(result.before / 2 ** 20)} MiB → ${fmt(result.after / 2 ** 20)} MiB for 100,000 contacts`,
    ],
  };
}

/**
 * Write latency at scale (issue #18): create, patch and delete p50 through `mock.handle()` at
 * 100,000 and 1,000,000 contacts, every sort index built, against an org of 1,000 in the same
 * process, the two taking turns call by call; the p99 of sorted lists at the largest size, the
 * first read of each index among them (no read may wait for an index build); and the heap per
 * contact at 1,000,000. Each size runs in a child process of its own (`write-latency-child.ts`,
 * `--expose-gc`). The short run stops at 100,000 and says so.
 */
import { join } from 'node:path';
import { fmt, type Row, root, runGcChild, short } from './harness.js';

interface P50s {
  create: number;
  patch: number;
  delete: number;
}
interface Result {
  size: number;
  seedMs: number;
  heapPerContact: number;
  firstLists: { sort: string; ms: number }[];
  lists: number;
  listCpuP99: number;
  listWallP99: number;
  /** Write p50s on the org of `size` contacts, and on the 1,000-contact org beside it. */
  big: P50s;
  base: P50s;
  /** p50 of `mock.seed()` with one new contact, on the big org and on the 1k org. */
  seedOne: { big: number; base: number };
}

const SIZES = short ? [100_000] : [100_000, 1_000_000];
/** Writes of each kind timed per org. */
const WRITES = short ? 300 : 500;

function runChild(size: number): Promise<Result> {
  return runGcChild(`write-latency (${size})`, join(root, 'bench/write-latency-child.ts'), [
    String(size),
    String(WRITES),
  ]);
}

const count = (size: number): string => (size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1_000}k`);
const us = (ms: number): string => `${fmt(ms * 1000, 0)} µs`;

export async function benchWriteLatency(): Promise<Row[]> {
  const results: Result[] = [];
  for (const size of SIZES) results.push(await runChild(size));
  const top = results.at(-1)!;
  const at = `at ${count(top.size)}${short ? ' (short run; the full run goes to 1M)' : ''}`;
  const writeRow = (op: keyof P50s, request: string): Row => {
    const ratio = top.big[op] / top.base[op];
    return {
      name: `${op} p50 (${request}) ${at}`,
      figure: `${us(top.big[op])} at ${count(top.size)}`,
      baseline: `${us(top.base[op])} at 1k`,
      ratio,
      budget: '≤ 2.00×',
      pass: ratio <= 2,
      notes: [
        `median of ${WRITES} calls per org; the 1k org is in the same process and takes turns with the big one call by call. ${results.map((r) => `In the ${count(r.size)} process: ${us(r.big[op])} at ${count(r.size)}, ${us(r.base[op])} at 1k`).join('. ')}`,
      ],
    };
  };
  const worst = top.firstLists.reduce((a, b) => (b.ms > a.ms ? b : a));
  const rows: Row[] = [
    writeRow('create', 'POST /contacts'),
    writeRow('patch', 'PATCH /contacts/:id, both names'),
    writeRow('delete', 'DELETE /contacts/:id'),
    {
      name: `sorted list p99, CPU (limit 50, each sort's first ${top.lists / top.firstLists.length} pages) ${at}`,
      figure: `${fmt(top.listCpuP99)} ms`,
      baseline: '-',
      ratio: undefined,
      budget: '≤ 50 ms',
      pass: top.listCpuP99 <= 50,
      notes: [
        `GET /contacts?sort=…&limit=50 on a freshly seeded org, for each of the ${top.firstLists.length} sorts its first page and then the next ones through cursors; ${top.lists} lists, 1 in ${top.lists / top.firstLists.length} the first read of its index, so an index built by a read would be the p99. CPU time of the process per list; wall-time p99 ${fmt(top.listWallP99)} ms`,
        `wall time of the first list of each sort: ${top.firstLists.map((l) => `${l.sort} ${fmt(l.ms)}`).join(', ')} ms (max ${fmt(worst.ms)} ms)`,
        `seeding with mock.seed(), every index built as it goes: ${results.map((r) => `${count(r.size)} in ${fmt(r.seedMs / 1000)} s`).join(', ')}`,
        `mock.seed() of one more contact, p50: ${results.map((r) => `${us(r.seedOne.big)} at ${count(r.size)}, ${us(r.seedOne.base)} at 1k`).join('; ')} (a seed no longer copies the org to undo a failure)`,
      ],
    },
  ];
  if (top.size >= 1_000_000) {
    rows.push({
      name: 'heap per stored contact at 1M, every index built',
      figure: `${fmt(top.heapPerContact, 0)} B`,
      baseline: '-',
      ratio: undefined,
      budget: '≤ 1,024 B',
      pass: top.heapPerContact <= 1024,
      notes: ['heapUsed after full GCs, before and after seeding, ÷ contacts (the 1M process)'],
    });
  }
  return rows;
}

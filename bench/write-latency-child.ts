/**
 * Child process of the write-latency benchmark (run with `--expose-gc`), one per org size so each
 * size gets a heap of its own: seeds `size` contacts, then measures through `mock.handle()` the
 * first pages of each sort (every index was built by the seed, none by a read), then creates,
 * patches and deletes. Prints one line of JSON.
 *
 *   node --expose-gc --import tsx bench/write-latency-child.ts <size> <writes>
 */
import { createRexMock, type RexMock } from '@rex/mock-server';
import { CONTACTS } from '@rex/types';
import { median } from './harness.js';
import { benchContact } from './list-latency.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const collect = async (): Promise<number> => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return process.memoryUsage().heapUsed;
};

const size = Number(process.argv[2]);
const writes = Number(process.argv[3]);
if (!(size >= 2 * writes && writes > 0)) throw new Error(`usage: <size> <writes>, size ≥ 2 × writes`);

const KEY = 'rex_test_write';
const WARM_KEY = 'rex_test_warm';

async function call(mock: RexMock, key: string, method: string, path: string, body?: unknown) {
  const res = await mock.handle(
    new Request(`${mock.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text;
}

/**
 * Seeds `count` contacts; returns the ids of `2n` of them spread evenly over the org (only those:
 * the seed answers with copies, which would otherwise count in the heap figure).
 */
function seed(mock: RexMock, key: string, count: number, n: number): string[] {
  const stride = Math.floor(count / (2 * n));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10_000) {
    const loaded = mock.seed({
      key,
      contacts: Array.from({ length: Math.min(10_000, count - i) }, (_, j) => benchContact(i + j)),
    });
    (loaded.contacts ?? []).forEach((contact, j) => {
      if ((i + j) % stride === 0 && ids.length < 2 * n) ids.push(contact.id);
    });
  }
  return ids;
}

/**
 * Creates `n` contacts, patches `n` (moving each in the name indexes) and deletes `n` others of
 * `ids`; the milliseconds of each call.
 */
async function writeRound(mock: RexMock, key: string, ids: readonly string[], n: number, tag: string) {
  const times = { create: [] as number[], patch: [] as number[], delete: [] as number[] };
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(mock, key, 'POST', '/contacts', {
      email: `w-${tag}-${i}@write.example`,
      first_name: `W${(i * 7919) % n}`,
      last_name: `L${i}`,
      stage: 'lead',
    });
    times.create.push(performance.now() - t);
  }
  // Patch and delete seeded contacts spread over the whole org (even and odd ones of `ids`).
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(mock, key, 'PATCH', `/contacts/${ids[2 * i]}`, {
      first_name: `P-${tag}-${i}`,
      last_name: `Q${(i * 31) % n}`,
    });
    times.patch.push(performance.now() - t);
  }
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(mock, key, 'DELETE', `/contacts/${ids[2 * i + 1]}`);
    times.delete.push(performance.now() - t);
  }
  return times;
}

const sorts = CONTACTS.sortFields.flatMap((field) => [field, `-${field}`]);
const mock = createRexMock({ rateLimit: false });

// A small org warms the code paths (JIT) so the big org's figures are the indexes' cost.
const warmIds = seed(mock, WARM_KEY, 2_000, 500);
for (const sort of sorts) await call(mock, WARM_KEY, 'GET', `/contacts?sort=${sort}&limit=50`);
await writeRound(mock, WARM_KEY, warmIds, 500, 'warm');
for (const sort of sorts) await call(mock, WARM_KEY, 'GET', `/contacts?sort=${sort}&limit=50`);

const before = await collect();
const started = performance.now();
const ids = seed(mock, KEY, size, writes);
const seedMs = performance.now() - started;
const after = await collect();

// Lists of each sort on this org, the first of each sort first: the first read of each index.
// Each sort's first page, then PAGES - 1 more walked through cursors; the p99 is taken over all
// of them, where the first lists make 1 in PAGES, so a build on a first read would be the p99.
const PAGES = 20;
const firstLists: { sort: string; ms: number }[] = [];
const lists: number[] = [];
for (const sort of sorts) {
  let cursor: string | null = null;
  for (let page = 0; page < PAGES; page++) {
    const t = performance.now();
    const text = await call(
      mock,
      KEY,
      'GET',
      `/contacts?sort=${sort}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const ms = performance.now() - t;
    lists.push(ms);
    if (page === 0) firstLists.push({ sort, ms });
    cursor = (JSON.parse(text) as { meta: { cursor: string | null } }).meta.cursor;
  }
}
lists.sort((a, b) => a - b);
const listP99 = lists[Math.ceil(lists.length * 0.99) - 1]!;

await collect();
const times = await writeRound(mock, KEY, ids, writes, 'big');
console.log(
  JSON.stringify({
    size,
    seedMs,
    heapPerContact: (after - before) / size,
    firstLists,
    lists: lists.length,
    listP99,
    create: median(times.create),
    patch: median(times.patch),
    delete: median(times.delete),
  }),
);

/**
 * Child process of the write-latency benchmark (run with `--expose-gc`), one per org size so each
 * size gets a heap of its own. Seeds an org of `size` contacts and a base org of 1,000, then
 * measures through `mock.handle()`: the first pages of each sort on the big org (every index was
 * built by the seed, none by a read), then creates, patches and deletes, the two orgs taking
 * turns call by call so that both see the same load. Prints one line of JSON.
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
const BASE_SIZE = 1_000;
if (!(size >= 2 * writes && BASE_SIZE >= 2 * writes && writes > 0)) {
  throw new Error(`usage: <size> <writes>, size ≥ 2 × writes, writes ≤ ${BASE_SIZE / 2}`);
}

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

interface Org {
  key: string;
  ids: readonly string[];
  times: { create: number[]; patch: number[]; delete: number[] };
}
const org = (key: string, ids: readonly string[]): Org => ({
  key,
  ids,
  times: { create: [], patch: [], delete: [] },
});

/**
 * Creates `n` contacts in each org, patches `n` seeded ones (moving each in the name indexes)
 * and deletes `n` others, spread over the org; the orgs take turns call by call, alternating
 * which goes first. Records the milliseconds of each call.
 */
async function writeRound(mock: RexMock, orgs: readonly Org[], n: number) {
  const timed = async (o: Org, op: keyof Org['times'], method: string, path: string, body?: unknown) => {
    const t = performance.now();
    await call(mock, o.key, method, path, body);
    o.times[op].push(performance.now() - t);
  };
  const turns = (i: number) => (i % 2 ? [...orgs].reverse() : orgs);
  for (let i = 0; i < n; i++) {
    for (const o of turns(i)) {
      await timed(o, 'create', 'POST', '/contacts', {
        email: `w-${i}@write.example`,
        first_name: `W${(i * 7919) % n}`,
        last_name: `L${i}`,
        stage: 'lead',
      });
    }
  }
  for (let i = 0; i < n; i++) {
    for (const o of turns(i)) {
      await timed(o, 'patch', 'PATCH', `/contacts/${o.ids[2 * i]}`, {
        first_name: `P${i}`,
        last_name: `Q${(i * 31) % n}`,
      });
    }
  }
  for (let i = 0; i < n; i++) {
    for (const o of turns(i)) await timed(o, 'delete', 'DELETE', `/contacts/${o.ids[2 * i + 1]}`);
  }
}

const sorts = CONTACTS.sortFields.flatMap((field) => [field, `-${field}`]);
const mock = createRexMock({ rateLimit: false });

// A small org warms the code paths (JIT) so the figures are the orgs' own cost.
const warm = org('rex_test_warm', seed(mock, 'rex_test_warm', 2_000, 500));
for (const sort of sorts) await call(mock, warm.key, 'GET', `/contacts?sort=${sort}&limit=50`);
await writeRound(mock, [warm], 500);
for (const sort of sorts) await call(mock, warm.key, 'GET', `/contacts?sort=${sort}&limit=50`);

const before = await collect();
const started = performance.now();
const big = org('rex_test_write', seed(mock, 'rex_test_write', size, writes));
const seedMs = performance.now() - started;
const after = await collect();
const base = org('rex_test_base', seed(mock, 'rex_test_base', BASE_SIZE, writes));

// Lists of each sort on the big org, the first of each sort first: the first read of each
// index. Each sort's first page, then PAGES - 1 more through cursors; the p99 is taken over all
// of them, where the first lists make 1 in PAGES, so a build on a first read would be the p99.
// CPU time of this process per list (an index build is CPU work; a shared machine's scheduling
// is not), wall time beside it.
const PAGES = 20;
const firstLists: { sort: string; ms: number }[] = [];
const listCpu: number[] = [];
const listWall: number[] = [];
for (const sort of sorts) {
  let cursor: string | null = null;
  for (let page = 0; page < PAGES; page++) {
    const path = `/contacts?sort=${sort}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const cpu = process.cpuUsage();
    const t = performance.now();
    const text = await call(mock, big.key, 'GET', path);
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    listWall.push(wall);
    listCpu.push((used.user + used.system) / 1000);
    if (page === 0) firstLists.push({ sort, ms: wall });
    cursor = (JSON.parse(text) as { meta: { cursor: string | null } }).meta.cursor;
  }
}
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1]!;

await collect();
await writeRound(mock, [big, base], writes);
/** p50 of seeding one new contact into the org (the orgs take turns). */
const seedOne = (orgs: readonly Org[], n: number) => {
  const times = orgs.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    orgs.forEach((o, j) => {
      const t = performance.now();
      mock.seed({ key: o.key, contacts: [{ email: `seed-${i}@one.example`, first_name: `S${i}` }] });
      times[j]!.push(performance.now() - t);
    });
  }
  return times.map(median);
};
const [seedBig, seedBase] = seedOne([big, base], 50);
const p50s = (o: Org) => ({
  create: median(o.times.create),
  patch: median(o.times.patch),
  delete: median(o.times.delete),
});
console.log(
  JSON.stringify({
    size,
    seedMs,
    heapPerContact: (after - before) / size,
    firstLists,
    lists: listCpu.length,
    listCpuP99: p99(listCpu),
    listWallP99: p99(listWall),
    big: p50s(big),
    base: p50s(base),
    seedOne: { big: seedBig, base: seedBase },
  }),
);

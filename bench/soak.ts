/**
 * Soak (SPEC §5, issue #15): 200,000 mixed requests (60,000 in short mode) through `mock.handle`,
 * most of them with a `rex_test_` key never seen before, in a child process started with
 * `--expose-gc`. RSS and heap are read after full collections at 20 points; the figure is the
 * least-squares slope of RSS over the requests after a warm-up (a quarter of the run, at least
 * 20,000), in MiB per 100,000 requests; the heap's slope is a second budget (the only size one
 * the short run gates: its span is too short for RSS noise). The run also checks the limits
 * SPEC §5 sets: the journal keeps ≤ 10,000 entries, each org its `eventRetention` events, and
 * the only orgs are those that wrote.
 *
 * The mix, per 20 requests: 11 list reads and 2 gets of a missing record, each with a new key
 * (no org may be created, and the rate limiter's bucket must not outlive its minute); 3 upserts
 * by one of 16 writer keys over 25 emails each (bounded records, events capped by retention);
 * 1 keyless capture over 40 emails (org `default`); and 3 refusals with new keys (invalid body,
 * `limit=0`, a live key). The clock is injected and moves 10 ms a request, so the run spans
 * 33 simulated minutes and the rate limiter sweeps as it would on a server up that long.
 *
 *   pnpm bench -- --only soak
 */
import { fileURLToPath } from 'node:url';
import { createRexMock } from '@rex/mock-server';
import { fmt, type Row, runGcChild, short } from './harness.js';

/**
 * Our budgets, in MiB per 100,000 requests after warm-up: RSS (the figure) and, as a steadier
 * second reading, the JS heap. Both sit well below what a leak of one small object per new key
 * costs (the rate limiter keeping every bucket measured about 12 MiB/100k, docs/quality.md) and
 * far below finding F5 (an org per key, ~700 MiB/100k), while above RSS noise (±2 MiB a sample).
 */
const BUDGET_MIB_PER_100K = 4;
const HEAP_BUDGET_MIB_PER_100K = 1;
const WRITERS = 16;
const EMAILS_PER_WRITER = 25;
const CAPTURE_EMAILS = 40;
/** Events kept per org in this run: small, so the cap is reached long before the end. */
const RETENTION = 100;
/** Most events an org may hold: SPEC §5 says the latest `eventRetention`, exactly. */
const EVENT_BOUND = RETENTION;
const JOURNAL_LIMIT = 10_000;
const SAMPLES = 20;
const BASE = 'https://soak.rexgtm.com';

interface SoakResult {
  total: number;
  /** [requests done, RSS bytes, heapUsed bytes] after full collections. */
  samples: [number, number, number][];
  statuses: Record<string, number>;
  journal: number;
  maxEvents: number;
  orgs: string[];
  wrote: string[];
  ms: number;
}

/** The request `i` of the mix, and the org it writes to (if it may write). */
function request(i: number): { req: Request; writes: string | null } {
  const slot = i % 20;
  const fresh = `rex_test_soak_${i}`;
  const json = { 'content-type': 'application/json' };
  if (slot < 11) {
    return {
      req: new Request(`${BASE}/contacts?limit=5`, { headers: { 'x-api-key': fresh } }),
      writes: null,
    };
  }
  if (slot < 13) {
    return {
      req: new Request(`${BASE}/contacts/cont_01h455vb4pex5vsknk084sn02q`, {
        headers: { 'x-api-key': fresh },
      }),
      writes: null,
    };
  }
  if (slot < 16) {
    // The n-th upsert of the run: writers take turns, each cycling through its emails.
    const n = Math.floor(i / 20) * 3 + slot - 13;
    const writer = `rex_test_writer_${n % WRITERS}`;
    const email = `p${Math.floor(n / WRITERS) % EMAILS_PER_WRITER}@soak.dev`;
    const body = JSON.stringify({ email, title: `T${i}` });
    return {
      req: new Request(`${BASE}/contacts/upsert`, {
        method: 'POST',
        headers: { ...json, 'x-api-key': writer },
        body,
      }),
      writes: writer,
    };
  }
  if (slot === 16) {
    const body = JSON.stringify({ email: `c${i % CAPTURE_EMAILS}@soak.dev`, first_name: 'Ada' });
    return {
      req: new Request(`${BASE}/capture`, { method: 'POST', headers: json, body }),
      writes: 'default',
    };
  }
  if (slot === 17) {
    const body = JSON.stringify({ email: 'not an email' });
    return {
      req: new Request(`${BASE}/contacts`, {
        method: 'POST',
        headers: { ...json, 'x-api-key': fresh },
        body,
      }),
      writes: null,
    };
  }
  if (slot === 18) {
    return {
      req: new Request(`${BASE}/contacts?limit=0`, { headers: { 'x-api-key': fresh } }),
      writes: null,
    };
  }
  return {
    req: new Request(`${BASE}/contacts`, { headers: { 'x-api-key': `rex_live_${i}` } }),
    writes: null,
  };
}

/** Runs in the child: plays the mix and prints a {@link SoakResult} as JSON. */
async function child(total: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const collect = async (): Promise<[number, number]> => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { rss, heapUsed } = process.memoryUsage();
    return [rss, heapUsed];
  };
  let tick = 0;
  const start = Date.UTC(2026, 0, 1);
  const mock = createRexMock({
    baseUrl: BASE,
    now: () => new Date(start + tick * 10),
    ids: { seed: 1 },
    eventRetention: RETENTION,
  });
  const statuses: Record<string, number> = {};
  const wrote = new Set<string>();
  const samples: [number, number, number][] = [[0, ...(await collect())]];
  const every = Math.ceil(total / SAMPLES);
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    tick++;
    const { req, writes } = request(i);
    // The body is not read: it is already in memory, and dropping it is what a client does.
    const res = await mock.handle(req);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (writes !== null && res.status < 300) wrote.add(writes);
    if ((i + 1) % every === 0 || i + 1 === total) samples.push([i + 1, ...(await collect())]);
  }
  const ms = performance.now() - t0;
  const snapshot = mock.snapshot();
  const listed = (await (await mock.handle(new Request(`${BASE}/__rex/orgs`))).json()) as {
    data: { name: string; records: Record<string, number>; events: number }[];
  };
  const result: SoakResult = {
    total,
    samples,
    statuses,
    journal: mock.requests().length,
    maxEvents: Math.max(0, ...Object.values(snapshot.orgs).map((org) => org.events.length)),
    // Every org the store holds, empty or not (`default` is always listed).
    orgs: listed.data.map((org) => org.name).sort(),
    wrote: [...wrote, 'default'].filter((v, i, all) => all.indexOf(v) === i).sort(),
    ms,
  };
  console.log(JSON.stringify(result));
}

/**
 * Requests before the slope is taken: a quarter of the run, and at least 20,000 — twice what fills
 * the journal (10,000), by when the rate limiter's buckets and the event logs are at their caps.
 */
const warmUp = (total: number): number => Math.max(total / 4, 20_000);

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function benchSoak(): Promise<Row> {
  const total = short ? 60_000 : 200_000;
  const result = await runGcChild<SoakResult>('soak', fileURLToPath(import.meta.url), [
    '--soak-child',
    String(total),
  ]);
  const MiB = 2 ** 20;
  const warm = result.samples.filter(([done]) => done >= warmUp(result.total));
  const rssPer100k = (slope(warm.map(([done, rss]) => [done, rss])) * 100_000) / MiB;
  const heapPer100k = (slope(warm.map(([done, , heap]) => [done, heap])) * 100_000) / MiB;
  const [, rss0, heap0] = warm[0]!;
  const [, rss1, heap1] = result.samples.at(-1)!;
  const orgsOk = JSON.stringify(result.orgs) === JSON.stringify(result.wrote);
  const journalOk = result.journal <= JOURNAL_LIMIT;
  const eventsOk = result.maxEvents <= EVENT_BOUND;
  const fails = [
    ...(orgsOk ? [] : [`orgs ${result.orgs.length}, but ${result.wrote.length} wrote`]),
    ...(journalOk ? [] : [`journal ${result.journal} > ${JOURNAL_LIMIT}`]),
    ...(eventsOk ? [] : [`an org keeps ${result.maxEvents} events > ${EVENT_BOUND}`]),
  ];
  const mix = Object.entries(result.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  return {
    name: `soak: RSS growth over ${fmt(result.total / 1000, 0)}k requests, new keys`,
    figure: `${rssPer100k.toFixed(2)} MiB/100k`,
    baseline: `${fmt(rss0 / MiB, 1)} MiB RSS after warm-up`,
    ratio: undefined,
    budget: `≤ ${BUDGET_MIB_PER_100K} MiB/100k${short ? ' (full run only)' : ''}, heap ≤ ${HEAP_BUDGET_MIB_PER_100K}; limits held`,
    // RSS moves ±2 MiB between samples: over the short run's 40,000 measured requests that is
    // ±10 MiB/100k, so only the full run holds RSS to its budget; the heap budget holds in both.
    pass:
      (short || rssPer100k <= BUDGET_MIB_PER_100K) &&
      heapPer100k <= HEAP_BUDGET_MIB_PER_100K &&
      fails.length === 0,
    notes: [
      `RSS ${fmt(rss0 / MiB, 1)} → ${fmt(rss1 / MiB, 1)} MiB, heapUsed ${fmt(heap0 / MiB, 1)} → ${fmt(heap1 / MiB, 1)} MiB after warm-up (heap slope ${heapPer100k.toFixed(2)} MiB/100k, warm-up ${fmt(warmUp(result.total) / 1000, 0)}k requests); ${fmt(result.total / (result.ms / 1000), 0)} req/s`,
      `journal ${result.journal} (≤ ${JOURNAL_LIMIT}), most events in an org ${result.maxEvents} (≤ eventRetention ${EVENT_BOUND}), orgs ${result.orgs.length} = orgs that wrote ${result.wrote.length}: ${orgsOk ? 'yes' : 'NO'}; statuses ${mix}`,
      ...fails,
    ],
  };
}

if (process.argv.includes('--soak-child')) {
  await child(Number(process.argv[process.argv.indexOf('--soak-child') + 1]));
}

/**
 * List page latency (SPEC §6): one page (`limit=50`, `stage=lead`) deep into the list, with the
 * cursor taken from walking to the middle, at 100,000 contacts against 1,000. Measured through
 * `mock.handle()` so the figure is the mock's own cost (MSW would add the same constant to both).
 * Contacts are loaded with `mock.seed()`, the fast path.
 */
import { createRexMock } from '@rex/mock-server';
import { fmt, KEY, median, type Row, settle, short } from './harness.js';

const STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;

/** A contact seed of typical size; shared with the heap benchmark. */
export function benchContact(i: number) {
  return {
    email: `person-${i}@company-${i % 997}.example`,
    first_name: `First${i}`,
    last_name: `Last${i % 1013}`,
    title: i % 3 ? 'Engineer' : 'CTO',
    stage: STAGES[i % 4]!,
    source: 'organic' as const,
    metadata: { plan: i % 2 ? 'pro' : 'free', seats: i % 50 },
    created_at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
  };
}

async function pageLatency(size: number, iterations: number): Promise<{ ms: number; seedMs: number }> {
  const mock = createRexMock({ rateLimit: false });
  const started = performance.now();
  const chunk = 10_000;
  for (let i = 0; i < size; i += chunk) {
    mock.seed({
      key: KEY,
      contacts: Array.from({ length: Math.min(chunk, size - i) }, (_, j) => benchContact(i + j)),
    });
  }
  const seedMs = performance.now() - started;
  const get = async (query: string) => {
    const res = await mock.handle(
      new Request(`${mock.baseUrl}/contacts?${query}`, { headers: { 'x-api-key': KEY } }),
    );
    if (res.status !== 200) throw new Error(`GET /contacts?${query} → ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: unknown[]; meta: { cursor: string | null; has_more: boolean } };
  };
  // Walk to the middle of the `stage=lead` list, through real cursors.
  const pages = Math.floor(size / 4 / 50 / 2);
  let cursor: string | null = null;
  for (let p = 0; p < pages; p++) {
    const page = await get(`stage=lead&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    cursor = page.meta.cursor;
  }
  const query = `stage=lead&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  for (let i = 0; i < 50; i++) await get(query);
  await settle();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const page = await get(query);
    times.push(performance.now() - t);
    if (page.data.length !== 50) throw new Error(`a middle page held ${page.data.length} contacts`);
  }
  return { ms: median(times), seedMs };
}

export async function benchListLatency(): Promise<Row> {
  const iterations = short ? 200 : 1000;
  // Alternate sizes twice so a noisy moment does not land on one side only.
  const small: number[] = [];
  const large: number[] = [];
  let seed100k = 0;
  await pageLatency(1_000, iterations); // warm-up, not counted
  for (let r = 0; r < 2; r++) {
    small.push((await pageLatency(1_000, iterations)).ms);
    const big = await pageLatency(100_000, iterations);
    large.push(big.ms);
    seed100k = big.seedMs;
  }
  const a = median(small);
  const b = median(large);
  const ratio = median(large.map((t, i) => t / small[i]!));
  return {
    name: 'list page (limit 50, stage=lead, middle cursor)',
    figure: `${fmt(b * 1000, 0)} µs at 100k`,
    baseline: `${fmt(a * 1000, 0)} µs at 1k`,
    ratio,
    budget: '≤ 2.00×',
    pass: ratio <= 2,
    notes: [`seeding 100,000 contacts with mock.seed(): ${fmt(seed100k / 1000)} s`],
  };
}

/**
 * List page latency (SPEC §6: "within 2× of the latency at 1 000, for every resource with
 * lists"): for each listed resource, one page (`limit=50`, with a filter where the resource has
 * one) deep into the list, with the cursor taken from walking to the middle, at 100,000 records
 * against 1,000. Measured through `mock.handle()` so the figure is the mock's own cost (MSW would
 * add the same constant to both). Records are loaded with `mock.seed()`, the fast path.
 *
 * The short run (CI's, where timing rows do not gate) measures contacts and deals only — the
 * plain case and the one with links and hooks — to stay quick; the full run measures all seven.
 * Each size is seeded once per resource and the two are measured in alternation (twice), so a
 * noisy moment does not land on one side only and seeding — the slow part — happens once.
 * Not measured: `GET /events` (events come from writes, not seeds; its cursor is a position in
 * the org's log) and the nested lists (the same index walk with one more equality filter).
 */
import { createRexMock, type RexMock } from '@rex/mock-server';
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
    created_at: createdAt(i),
  };
}

const createdAt = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
const INDUSTRIES = ['software', 'retail', 'health', 'finance'] as const;
const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** One listed resource: how to seed record `i`, and the filter its measured page uses. */
interface Listed {
  plural: string;
  /** The query filter (`''` for none) and the share of records it matches. */
  filter: string;
  share: number;
  /** Records that must exist before the measured ones (a deal's pipeline), by plural name. */
  before?: (mock: RexMock) => Record<string, unknown>;
  record: (i: number, context: Record<string, unknown>) => Record<string, unknown>;
}

const LISTED: readonly Listed[] = [
  { plural: 'contacts', filter: 'stage=lead', share: 1 / 4, record: benchContact },
  {
    plural: 'companies',
    filter: 'industry=software',
    share: 1 / 4,
    record: (i) => ({
      name: `Company ${i}`,
      domain: `company-${i}.example`,
      industry: INDUSTRIES[i % 4],
      size: '11-50',
      metadata: { tier: i % 3 },
      created_at: createdAt(i),
    }),
  },
  {
    plural: 'pipelines',
    filter: '',
    share: 1,
    record: (i) => ({
      name: `Pipeline ${i}`,
      stages: [{ name: 'New' }, { name: 'Won', type: 'won' }],
      created_at: createdAt(i),
    }),
  },
  {
    plural: 'deals',
    filter: 'owner_id=user_0',
    share: 1 / 4,
    before: (mock) => {
      const seeded = mock.seed({
        key: KEY,
        pipelines: [{ name: 'Sales', stages: [{ name: 'New' }, { name: 'Demo' }] }],
      } as never) as unknown as { pipelines: { id: string; stages: { id: string }[] }[] };
      const [pipeline] = seeded.pipelines;
      return { pipeline_id: pipeline!.id, stages: pipeline!.stages.map((s) => s.id) };
    },
    record: (i, { pipeline_id, stages }) => ({
      name: `Deal ${i}`,
      pipeline_id,
      stage_id: (stages as string[])[i % 2],
      value: (i % 500) * 1000,
      owner_id: `user_${i % 4}`,
      metadata: { region: i % 2 ? 'eu' : 'us' },
      created_at: createdAt(i),
    }),
  },
  {
    plural: 'activities',
    filter: 'type=call',
    share: 1 / 4,
    record: (i) => ({
      type: ACTIVITY_TYPES[i % 4],
      subject: `Touch ${i}`,
      occurred_at: createdAt(i),
      duration: i % 600,
      created_at: createdAt(i),
    }),
  },
  {
    plural: 'tasks',
    filter: 'priority=high',
    share: 1 / 4,
    record: (i) => ({
      title: `Follow up ${i}`,
      priority: PRIORITIES[i % 4],
      due_at: createdAt(i + 86_400),
      created_at: createdAt(i),
    }),
  },
  {
    plural: 'products',
    filter: 'is_active=true',
    share: 1 / 2,
    record: (i) => ({
      name: `Product ${i}`,
      slug: `product-${i}`,
      price: (i % 100) * 100,
      is_active: i % 2 === 0,
      created_at: createdAt(i),
    }),
  },
];

/** The resources the short run measures. */
const SHORT_RUN = ['contacts', 'deals'];

interface Seeded {
  size: number;
  query: string;
  get: (query: string) => Promise<{ data: unknown[]; meta: { cursor: string | null } }>;
  seedMs: number;
}

/** A mock holding `size` records of one resource, and the query of its middle page. */
async function seeded(listed: Listed, size: number): Promise<Seeded> {
  const mock = createRexMock({ rateLimit: false });
  const started = performance.now();
  const context = listed.before?.(mock) ?? {};
  const chunk = 10_000;
  for (let i = 0; i < size; i += chunk) {
    const records = Array.from({ length: Math.min(chunk, size - i) }, (_, j) =>
      listed.record(i + j, context),
    );
    mock.seed({ key: KEY, [listed.plural]: records } as never);
  }
  const seedMs = performance.now() - started;
  const get = async (query: string) => {
    const url = `${mock.baseUrl}/${listed.plural}?${query}`;
    const res = await mock.handle(new Request(url, { headers: { 'x-api-key': KEY } }));
    if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: unknown[]; meta: { cursor: string | null } };
  };
  const base = `limit=50${listed.filter ? `&${listed.filter}` : ''}`;
  // Walk to the middle of the filtered list, through real cursors.
  const pages = Math.floor((size * listed.share) / 50 / 2);
  let cursor: string | null = null;
  for (let p = 0; p < pages; p++) {
    cursor = (await get(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).meta.cursor;
  }
  const query = `${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  for (let i = 0; i < 50; i++) await get(query);
  return { size, query, get, seedMs };
}

async function pageLatency({ query, get }: Seeded, iterations: number): Promise<number> {
  await settle();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const page = await get(query);
    times.push(performance.now() - t);
    if (page.data.length !== 50) throw new Error(`a middle page held ${page.data.length} records`);
  }
  return median(times);
}

async function resourceRow(listed: Listed, iterations: number): Promise<Row> {
  const small = await seeded(listed, 1_000);
  const large = await seeded(listed, 100_000);
  await pageLatency(small, iterations); // warm-up, not counted
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < 2; r++) {
    a.push(await pageLatency(small, iterations));
    b.push(await pageLatency(large, iterations));
  }
  const ratio = median(b.map((t, i) => t / a[i]!));
  const filter = listed.filter || 'no filter';
  return {
    // The contacts row keeps its historical name, so reports stay comparable across runs.
    name:
      listed.plural === 'contacts'
        ? `list page (limit 50, ${filter}, middle cursor)`
        : `list page /${listed.plural} (limit 50, ${filter}, middle cursor)`,
    figure: `${fmt(median(b) * 1000, 0)} µs at 100k`,
    baseline: `${fmt(median(a) * 1000, 0)} µs at 1k`,
    ratio,
    budget: '≤ 2.00×',
    pass: ratio <= 2,
    notes: [`seeding 100,000 ${listed.plural} with mock.seed(): ${fmt(large.seedMs / 1000)} s`],
  };
}

export async function benchListLatency(): Promise<Row[]> {
  const iterations = short ? 100 : 500;
  const rows: Row[] = [];
  const measured = short ? LISTED.filter((l) => SHORT_RUN.includes(l.plural)) : LISTED;
  for (const listed of measured) rows.push(await resourceRow(listed, iterations));
  return rows;
}

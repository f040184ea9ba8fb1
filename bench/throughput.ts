/**
 * Mock throughput (SPEC §6): a fixed mix of creates, upserts, gets, lists and patches through
 * MSW (`setupRexServer` + global fetch), against a bare MSW handler that only echoes JSON, given
 * the same requests in the same process. Within a round the two sides take turns, CHUNK
 * requests at a time; each side's figure is the median of its rounds, the ratio the median of
 * the chunks' ratios (100 of them in the full run).
 */
import { setupRexServer } from '@rex/mock-server/node';
import { BASE, fmt, KEY, loadMsw, median, type Row, settle, short } from './harness.js';

/** Requests a side plays before the other takes its turn. */
const CHUNK = 500;

export interface Call {
  method: string;
  url: string;
  body?: string;
}

/** 20 % creates, 20 % upserts, 30 % gets, 15 % lists (stage=lead, 20 a page), 15 % patches. */
export function mix(n: number, round: number, ids: readonly string[], emails: readonly string[]): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i < n; i++) {
    const slot = i % 20;
    const pick = (i * 7919) % ids.length;
    if (slot < 4) {
      calls.push({
        method: 'POST',
        url: `${BASE}/contacts`,
        body: JSON.stringify({ email: `new-${round}-${i}@bench.dev`, first_name: 'Ada', stage: 'lead' }),
      });
    } else if (slot < 8) {
      const email = slot % 2 ? emails[pick]! : `up-${round}-${i}@bench.dev`;
      calls.push({
        method: 'POST',
        url: `${BASE}/contacts/upsert`,
        body: JSON.stringify({ email, title: 'CTO' }),
      });
    } else if (slot < 14) {
      calls.push({ method: 'GET', url: `${BASE}/contacts/${ids[pick]}` });
    } else if (slot < 17) {
      calls.push({ method: 'GET', url: `${BASE}/contacts?stage=lead&limit=20` });
    } else {
      calls.push({
        method: 'PATCH',
        url: `${BASE}/contacts/${ids[pick]}`,
        body: JSON.stringify({ title: `T${i}` }),
      });
    }
  }
  return calls;
}

/** Plays the calls in order through the global `fetch`; returns the milliseconds taken. */
export async function play(calls: readonly Call[]): Promise<number> {
  const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
  const start = performance.now();
  for (const call of calls) {
    const res = await fetch(call.url, {
      method: call.method,
      headers,
      ...(call.body ? { body: call.body } : {}),
    });
    await res.json();
    if (res.status >= 400) throw new Error(`${call.method} ${call.url} → ${res.status}`);
  }
  return performance.now() - start;
}

/** Where the mock's time goes: each kind of request of the mix through `handle()`, no MSW. */
async function costPerKind(calls: readonly Call[], mock: { handle(request: Request): Promise<Response> }) {
  const kinds = new Map<string, number[]>();
  const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
  for (const call of calls.slice(0, 2_000)) {
    const kind = `${call.method} ${
      call.url.includes('?')
        ? 'list'
        : call.url
            .split('/')
            .slice(3)
            .join('/')
            .replace(/cont_\w+/, ':id')
    }`;
    const request = new Request(call.url, {
      method: call.method,
      headers,
      ...(call.body ? { body: call.body } : {}),
    });
    const start = performance.now();
    await (await mock.handle(request)).text();
    const list = kinds.get(kind) ?? [];
    list.push((performance.now() - start) * 1000);
    kinds.set(kind, list);
  }
  return [...kinds].map(([kind, times]) => `${kind} ${fmt(median(times), 0)}`).join(', ');
}

export async function benchThroughput(): Promise<Row> {
  const n = short ? 2_000 : 10_000;
  const rounds = short ? 3 : 5;
  const { core, node } = await loadMsw();

  const rex = setupRexServer({ baseUrl: BASE, rateLimit: false });
  const seedContacts = Array.from({ length: 1000 }, (_, i) => ({
    email: `seed-${i}@bench.dev`,
    first_name: `Seed${i}`,
    stage: (['lead', 'prospect', 'customer'] as const)[i % 3],
  }));
  const prepare = (round: number): Call[] => {
    rex.reset();
    const { contacts } = rex.seed({ key: KEY, contacts: seedContacts });
    return mix(
      n,
      round,
      contacts.map((c) => c.id),
      contacts.map((c) => c.email),
    );
  };

  const bare = node.setupServer(
    core.http.all(`${BASE}/*`, async ({ request }) => {
      const body = request.method === 'GET' ? { id: 'cont_x' } : await request.json();
      return core.HttpResponse.json({ data: body }, { status: request.method === 'POST' ? 201 : 200 });
    }),
  );

  // Both sides play the same calls in chunks of CHUNK, taking turns (who goes first alternates),
  // so load that comes and goes on the machine falls on both alike; a round is the whole mix.
  const through = async (server: { listen(o: object): void; close(): void }, calls: readonly Call[]) => {
    server.listen({ onUnhandledRequest: 'error' });
    try {
      return await play(calls);
    } finally {
      server.close();
    }
  };
  /** Chunk by chunk, the mock's throughput over the bare handler's (bare time ÷ mock time). */
  const chunkRatios: number[] = [];
  const round = async (index: number, size = n): Promise<{ mock: number; bare: number }> => {
    const calls = prepare(index).slice(0, size);
    await settle();
    let mockMs = 0;
    let bareMs = 0;
    for (let from = 0, turn = 0; from < calls.length; from += CHUNK, turn++) {
      const chunk = calls.slice(from, from + CHUNK);
      let mock: number;
      let echo: number;
      if (turn % 2 === 0) {
        mock = await through(rex, chunk);
        echo = await through(bare, chunk);
      } else {
        echo = await through(bare, chunk);
        mock = await through(rex, chunk);
      }
      mockMs += mock;
      bareMs += echo;
      if (index >= 0) chunkRatios.push(echo / mock);
    }
    return { mock: calls.length / (mockMs / 1000), bare: calls.length / (bareMs / 1000) };
  };

  // Warm-up: JIT both paths before anything is measured.
  await round(-1, n / 5);
  const mockRates: number[] = [];
  const bareRates: number[] = [];
  for (let index = 0; index < rounds; index++) {
    const rates = await round(index);
    mockRates.push(rates.mock);
    bareRates.push(rates.bare);
  }
  const perKind = await costPerKind(prepare(rounds), rex);
  const mockRate = median(mockRates);
  const bareRate = median(bareRates);
  // The two sides of a chunk ran next to each other in time: the median of the chunks' ratios
  // is moved less by load that comes and goes than any ratio of totals.
  const ratio = median(chunkRatios);
  return {
    name: `mock throughput, ${fmt(n)} mixed requests via MSW`,
    figure: `${fmt(mockRate)} req/s`,
    baseline: `${fmt(bareRate)} req/s (bare MSW echo)`,
    ratio,
    budget: '≥ 0.80×',
    pass: ratio >= 0.8,
    notes: [
      `mock req/s per round: ${mockRates.map((r) => fmt(r)).join(', ')}`,
      `bare req/s per round: ${bareRates.map((r) => fmt(r)).join(', ')}`,
      `the mock's own cost through handle(), median µs: ${perKind}`,
    ],
  };
}

/**
 * SDK call overhead (SPEC §6: "over a raw `fetch` of the same request"): `rex.contacts.get(id)`
 * against a raw `fetch` of the request the SDK sends (same URL and headers, and, like every
 * SDK attempt, a signal armed with a 60 s timeout), then `res.json()`; both served by the same
 * mock, so the difference is the SDK's own work. A bare `fetch` (the key header only, no signal)
 * runs alongside and is reported in the notes, so the price of the signal itself shows too.
 * Blocks of calls rotate between the three; each side's figure is the median of its blocks'
 * mean call time.
 */
import { setupRexServer, startRexServer } from '@rex/mock-server/node';
import { Rex } from '@rex/sdk';
import { BASE, fmt, KEY, median, type Row, settle, short } from './harness.js';

const TIMEOUT = 60_000;

interface Result {
  sdk: number;
  raw: number;
  bare: number;
  /** SDK ÷ raw fetch of the same request: the budgeted ratio. */
  ratio: number;
  /** SDK ÷ bare fetch, and raw ÷ bare (what the signal and headers cost by themselves). */
  overBare: number;
  signal: number;
}

async function compare(base: string, id: string, blocks: number): Promise<Result> {
  const perBlock = 200;
  const client = new Rex({ apiKey: KEY, baseUrl: base, timeout: TIMEOUT });
  const url = `${base}/contacts/${id}`;
  const headers = { accept: 'application/json', 'x-api-key': KEY };
  const check = (res: Response) => {
    if (res.status !== 200) throw new Error(`raw fetch → ${res.status}`);
    return res.json();
  };
  const sides: Record<'sdk' | 'raw' | 'bare', () => Promise<unknown>> = {
    sdk: () => client.contacts.get(id),
    raw: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT);
      try {
        return await check(await fetch(url, { headers, signal: controller.signal }));
      } finally {
        clearTimeout(timer);
      }
    },
    bare: async () => check(await fetch(url, { headers: { 'x-api-key': KEY } })),
  };
  const block = async (call: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < perBlock; i++) await call();
    return (performance.now() - start) / perBlock;
  };
  const order = ['sdk', 'raw', 'bare'] as const;
  for (let i = 0; i < 3; i++) for (const side of order) await block(sides[side]);
  await settle();
  const times = { sdk: [] as number[], raw: [] as number[], bare: [] as number[] };
  for (let b = 0; b < blocks; b++) {
    // Rotate which side goes first, so none always follows the same neighbour.
    for (let k = 0; k < order.length; k++) {
      const side = order[(b + k) % order.length]!;
      times[side].push(await block(sides[side]));
    }
  }
  // The sides of one round sit next to each other in time: the median of the rounds' ratios
  // resists drifting load.
  const ratioOf = (a: number[], b: number[]) => median(a.map((t, i) => t / b[i]!));
  return {
    sdk: median(times.sdk),
    raw: median(times.raw),
    bare: median(times.bare),
    ratio: ratioOf(times.sdk, times.raw),
    overBare: ratioOf(times.sdk, times.bare),
    signal: ratioOf(times.raw, times.bare),
  };
}

const row = (transport: string, r: Result): Row => ({
  name: `SDK contacts.get vs raw fetch (${transport})`,
  figure: `${fmt(r.sdk * 1000, 0)} µs/call`,
  baseline: `${fmt(r.raw * 1000, 0)} µs/call (same request)`,
  ratio: r.ratio,
  budget: '≤ 1.15×',
  pass: r.ratio <= 1.15,
  notes: [
    `bare fetch (key header only, no signal) ${fmt(r.bare * 1000, 0)} µs/call: the SDK is ${fmt(r.overBare)}× it, the raw fetch with headers and signal ${fmt(r.signal)}×`,
  ],
});

/**
 * Two transports: in-process through MSW (`setupRexServer`), and real HTTP on localhost
 * (`startRexServer`), closer to a deployed client (which also pays network latency, making the
 * SDK's share smaller still).
 */
export async function benchSdkOverhead(): Promise<Row[]> {
  const blocks = short ? 16 : 40;
  const rex = setupRexServer({ baseUrl: BASE, rateLimit: false });
  const { contacts } = rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] });
  rex.listen({ onUnhandledRequest: 'error' });
  let msw: Result;
  try {
    msw = await compare(BASE, contacts[0]!.id, blocks);
  } finally {
    rex.close();
  }
  const server = await startRexServer({ port: 0, rateLimit: false });
  let http: Result;
  try {
    const id = server.mock.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] })
      .contacts[0]!.id;
    http = await compare(server.url, id, blocks);
  } finally {
    await server.close();
  }
  return [row('in-process MSW', msw), row('localhost HTTP', http)];
}

/**
 * SDK call overhead (SPEC §6): `rex.contacts.get(id)` against
 *   - a bare ky call of the same request (same URL, headers and timeout, then `.json()`):
 *     budget ≤ 1.20×, what the SDK's own layers on top of its transport may cost;
 *   - openai-node's generic `client.get(path)` against the same mock, the best peer SDK:
 *     budget ≤ 1.0×;
 *   - a raw `fetch` + `json()` of the same request: the floor, printed without a budget.
 * Each comparison runs twice in one run: in-process through MSW (`setupRexServer`) and over
 * loopback HTTP (`startRexServer`, in this process too).
 *
 * The SDK is the built `dist`, as users run it; the benchmark fails without `pnpm build`.
 * The figure is CPU time per call (`process.cpuUsage()`, user + system, of this process: the
 * mock's work is the same for every side, so differences are the clients'), which moves less
 * than wall time on a shared machine. Each round holds one block of each side, next to each
 * other in time, in each of the 24 orders in turn; each ratio is the median of the rounds'
 * ratios. Wall-time ratios are printed in the notes.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupRexServer, startRexServer } from '@rex/mock-server/node';
import type { Rex as RexClass } from '@rex/sdk';
import OpenAI from 'openai';
import { BASE, fmt, KEY, median, type Row, root, settle, short } from './harness.js';

// The SDK as users run it: its built `dist` (run `pnpm build` first), not the sources through
// tsx, whose keep-names helper wraps every closure the SDK makes per call and ky does not pay.
const sdkEntry = join(root, 'packages/sdk/dist/index.js');

/** The part of ky's API the baseline calls. */
type Ky = (
  url: string,
  options: { headers: Record<string, string>; timeout: number },
) => { json(): Promise<unknown> };

// The ky the SDK itself loads (its dependency, not the root's), so the baseline runs the same code.
const { default: ky } = (await import(
  pathToFileURL(createRequire(join(root, 'packages/sdk/package.json')).resolve('ky')).href
)) as { default: Ky };

const TIMEOUT = 60_000;
const SIDES = ['sdk', 'ky', 'openai', 'fetch'] as const;
type Side = (typeof SIDES)[number];

interface Result {
  /** Median CPU µs per call, per side. */
  cpu: Record<Side, number>;
  /** Median of the rounds' CPU ratios of the SDK to each other side. */
  ratio: Record<Side, number>;
  /** The same ratios in wall time. */
  wall: Record<Side, number>;
}

/** Every ordering of `items`. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

async function compare(Rex: typeof RexClass, base: string, id: string, rounds: number): Promise<Result> {
  // Short blocks keep the sides of a round close in time, so load that comes and goes on a
  // shared machine hits them alike; many rounds keep the medians steady.
  const perBlock = 50;
  const path = `/contacts/${id}`;
  const url = `${base}${path}`;
  // What the SDK sends: the same two headers for every side that can send them.
  const headers = { accept: 'application/json', 'x-api-key': KEY };
  const rex = new Rex({ apiKey: KEY, baseUrl: base, timeout: TIMEOUT });
  const openai = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: base,
    timeout: TIMEOUT,
    defaultHeaders: { 'x-api-key': KEY },
  });
  const ok = (status: number, side: string) => {
    if (status !== 200) throw new Error(`${side} → ${status}`);
  };
  const sides: Record<Side, () => Promise<unknown>> = {
    sdk: () => rex.contacts.get(id),
    ky: () => ky(url, { headers, timeout: TIMEOUT }).json(),
    openai: () => openai.get(path),
    fetch: async () => {
      const response = await fetch(url, { headers });
      ok(response.status, 'fetch');
      return response.json();
    },
  };
  const block = async (call: () => Promise<unknown>): Promise<[cpu: number, wall: number]> => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < perBlock; i++) await call();
    const wall = (performance.now() - start) / perBlock;
    const { user, system } = process.cpuUsage(cpu);
    return [(user + system) / perBlock, wall * 1000];
  };
  // Warm-up, not counted: every side's code gets compiled by the JIT before it is measured.
  for (let i = 0; i < 12; i++) for (const side of SIDES) await block(sides[side]);
  await settle();
  const cpu = Object.fromEntries(SIDES.map((s) => [s, [] as number[]])) as Record<Side, number[]>;
  const wall = Object.fromEntries(SIDES.map((s) => [s, [] as number[]])) as Record<Side, number[]>;
  // Every order of the four sides in turn (24 of them): each side runs in each position and
  // after each other side equally often, so what a block leaves behind (garbage the next one
  // collects, warm caches) falls on every side alike.
  const orders = permutations([...SIDES]);
  for (let r = 0; r < rounds; r++) {
    for (const side of orders[r % orders.length]!) {
      const [c, w] = await block(sides[side]);
      cpu[side].push(c);
      wall[side].push(w);
    }
  }
  const ratios = (times: Record<Side, number[]>) =>
    Object.fromEntries(
      SIDES.map((side) => [side, median(times.sdk.map((t, i) => t / times[side][i]!))]),
    ) as Record<Side, number>;
  return {
    cpu: Object.fromEntries(SIDES.map((s) => [s, median(cpu[s])])) as Record<Side, number>,
    ratio: ratios(cpu),
    wall: ratios(wall),
  };
}

const rows = (transport: string, r: Result): Row[] => {
  const us = (side: Side) => `${fmt(r.cpu[side], 0)} µs CPU/call`;
  const floor = `raw fetch (the floor, no budget) ${us('fetch')}: the SDK is ${fmt(r.ratio.fetch)}× it`;
  const wall = `wall-time ratios: ${fmt(r.wall.ky)}× ky, ${fmt(r.wall.openai)}× openai, ${fmt(r.wall.fetch)}× fetch`;
  return [
    {
      name: `SDK contacts.get vs bare ky (${transport})`,
      figure: us('sdk'),
      baseline: `${us('ky')} (same request)`,
      ratio: r.ratio.ky,
      budget: '≤ 1.20×',
      pass: r.ratio.ky <= 1.2,
      notes: [floor, wall],
    },
    {
      name: `SDK contacts.get vs openai client.get (${transport})`,
      figure: us('sdk'),
      baseline: `${us('openai')} (client.get(path))`,
      ratio: r.ratio.openai,
      budget: '≤ 1.00×',
      pass: r.ratio.openai <= 1,
    },
  ];
};

/**
 * Two transports: in-process through MSW (`setupRexServer`), and real HTTP on loopback
 * (`startRexServer`), closer to a deployed client (which also pays network latency, making the
 * SDK's share smaller still).
 */
export async function benchSdkOverhead(): Promise<Row[]> {
  if (!existsSync(sdkEntry)) throw new Error('packages/sdk/dist is missing: run `pnpm build` first');
  const { Rex } = (await import(pathToFileURL(sdkEntry).href)) as typeof import('@rex/sdk');
  const rounds = short ? 24 : 120;
  const msw = setupRexServer({ baseUrl: BASE, rateLimit: false });
  const { contacts } = msw.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] });
  msw.listen({ onUnhandledRequest: 'error' });
  let inProcess: Result;
  try {
    inProcess = await compare(Rex, BASE, contacts[0]!.id, rounds);
  } finally {
    msw.close();
  }
  const server = await startRexServer({ port: 0, rateLimit: false });
  let loopback: Result;
  try {
    const id = server.mock.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] })
      .contacts[0]!.id;
    loopback = await compare(Rex, server.url, id, rounds);
  } finally {
    await server.close();
  }
  return [...rows('in-process MSW', inProcess), ...rows('loopback HTTP', loopback)];
}

/**
 * SDK call overhead (SPEC §6): `rex.contacts.get(id)` against a raw `fetch` of the same request
 * (same URL and key, then `res.json()`), both served by the same mock, so the difference is the
 * SDK's own work. Blocks of calls alternate between the two; each side's figure is the median
 * of its blocks' mean call time.
 */
import { setupRexServer, startRexServer } from '@rex/mock-server/node';
import { Rex } from '@rex/sdk';
import { fmt, median, type Row, settle, short } from './harness.js';

const BASE = 'https://bench.rexgtm.com';
const KEY = 'rex_test_bench';

async function compare(
  base: string,
  id: string,
  blocks: number,
): Promise<{ sdk: number; raw: number; ratio: number }> {
  const perBlock = 200;
  const client = new Rex({ apiKey: KEY, baseUrl: base });
  const url = `${base}/contacts/${id}`;
  const raw = async () => {
    const res = await fetch(url, { headers: { 'x-api-key': KEY } });
    if (res.status !== 200) throw new Error(`raw fetch → ${res.status}`);
    return res.json();
  };
  const sdk = () => client.contacts.get(id);
  const block = async (call: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < perBlock; i++) await call();
    return (performance.now() - start) / perBlock;
  };
  for (let i = 0; i < 3; i++) {
    await block(raw);
    await block(sdk);
  }
  await settle();
  const rawTimes: number[] = [];
  const sdkTimes: number[] = [];
  for (let b = 0; b < blocks; b++) {
    if (b % 2) {
      rawTimes.push(await block(raw));
      sdkTimes.push(await block(sdk));
    } else {
      sdkTimes.push(await block(sdk));
      rawTimes.push(await block(raw));
    }
  }
  // Blocks run in adjacent pairs: the median of the pairs' ratios resists drifting load.
  return {
    sdk: median(sdkTimes),
    raw: median(rawTimes),
    ratio: median(sdkTimes.map((t, i) => t / rawTimes[i]!)),
  };
}

const row = (transport: string, r: { sdk: number; raw: number; ratio: number }): Row => ({
  name: `SDK contacts.get vs raw fetch (${transport})`,
  figure: `${fmt(r.sdk * 1000, 0)} µs/call`,
  baseline: `${fmt(r.raw * 1000, 0)} µs/call (fetch + json)`,
  ratio: r.ratio,
  budget: '≤ 1.15×',
  pass: r.ratio <= 1.15,
});

/**
 * Two transports: in-process through MSW (`setupRexServer`), where a call costs least and the
 * SDK's share shows most, and real HTTP on localhost (`startRexServer`), closer to a deployed
 * client (which also pays network latency, making the share smaller still).
 */
export async function benchSdkOverhead(): Promise<Row[]> {
  const blocks = short ? 16 : 40;
  const rex = setupRexServer({ baseUrl: BASE, rateLimit: false });
  const { contacts } = rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] });
  rex.listen({ onUnhandledRequest: 'error' });
  let msw: { sdk: number; raw: number; ratio: number };
  try {
    msw = await compare(BASE, contacts[0]!.id, blocks);
  } finally {
    rex.close();
  }
  const server = await startRexServer({ port: 0, rateLimit: false });
  let http: { sdk: number; raw: number; ratio: number };
  try {
    const id = server.mock.seed({ key: KEY, contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] })
      .contacts[0]!.id;
    http = await compare(server.url, id, blocks);
  } finally {
    await server.close();
  }
  return [row('in-process MSW', msw), row('localhost HTTP', http)];
}

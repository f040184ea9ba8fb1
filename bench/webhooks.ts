/**
 * Webhook delivery (SPEC §6, §8), two figures:
 *
 * - latency: how long after a write its event reaches a local receiver — `startRexServer` and a
 *   `node:http` receiver on 127.0.0.1, one write at a time, timed from just before the write is
 *   sent to the end of the delivery's body at the receiver;
 * - the API's throughput for 1,000 writes (`POST /contacts`, through `mock.handle()`) while
 *   subscribed to a receiver that accepts connections and never answers, against the same writes
 *   to an identical mock without a subscription. The two sides take turns, 100 writes at a time,
 *   and the ratio is the median of the turns' ratios (see throughput.ts for why).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRexMock, type RexMock } from '@rex/mock-server';
import { startRexServer } from '@rex/mock-server/node';
import { fmt, KEY, median, type Row, settle, short } from './harness.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

async function latency(): Promise<Row> {
  const n = short ? 50 : 300;
  // One write at a time, so the one delivery in flight is the last write's.
  let arrival = 0;
  let arrived: (() => void) | undefined;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrival = performance.now();
      res.writeHead(204).end();
      arrived?.();
    });
  });
  const receiverUrl = `${await listen(receiver)}/hooks`;
  const rex = await startRexServer({ rateLimit: false });
  const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${rex.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status >= 400) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ data: { id: string } }>;
  };
  try {
    await post('/webhooks', { url: receiverUrl, event_types: ['contact.created'] });
    const delays: number[] = [];
    const writes: number[] = [];
    for (let i = -20; i < n; i++) {
      const delivered = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const start = performance.now();
      await post('/contacts', { email: `latency-${i}@bench.dev` });
      const written = performance.now();
      await delivered;
      if (i >= 0) {
        delays.push(arrival - start);
        writes.push(written - start);
      }
    }
    const ms = median(delays);
    return {
      name: 'webhook delivery latency, write → local receiver (HTTP)',
      figure: `${fmt(ms)} ms median`,
      baseline: `${fmt(median(writes))} ms (the write's own round trip)`,
      ratio: undefined,
      budget: '≤ 50 ms',
      pass: ms <= 50,
      notes: [
        `${n} writes one at a time; p90 ${fmt(percentile(delays, 90))} ms, p99 ${fmt(percentile(delays, 99))} ms, max ${fmt(Math.max(...delays))} ms`,
      ],
    };
  } finally {
    await rex.close();
    await close(receiver);
  }
}

/** Writes a side plays before the other takes its turn. */
const CHUNK = 100;

/** Plays creates `from`…`to` of a round through `handle()`; returns the milliseconds taken. */
async function writes(mock: RexMock, round: number, from: number, to: number): Promise<number> {
  const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
  const start = performance.now();
  for (let i = from; i < to; i++) {
    const res = await mock.handle(
      new Request(`${mock.baseUrl}/contacts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: `w-${round}-${i}@bench.dev`, first_name: 'Ada', stage: 'lead' }),
      }),
    );
    await res.text();
    if (res.status !== 201) throw new Error(`POST /contacts → ${res.status}`);
  }
  return performance.now() - start;
}

async function throughputBesideADeadReceiver(): Promise<Row> {
  const count = 1_000;
  const rounds = short ? 5 : 15;
  // Accepts the connection, reads the delivery, never answers: each attempt waits out the
  // 10 s timeout while the queue behind it grows.
  const dead = createServer((req) => req.resume());
  const deadUrl = `${await listen(dead)}/hooks`;
  const subscribed = createRexMock({ rateLimit: false });
  const plain = createRexMock({ rateLimit: false });
  const prepare = async () => {
    subscribed.reset();
    plain.reset();
    const res = await subscribed.handle(
      new Request(`${subscribed.baseUrl}/webhooks`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ url: deadUrl }),
      }),
    );
    if (res.status !== 201) throw new Error(`POST /webhooks → ${res.status} ${await res.text()}`);
    await settle();
  };
  /** One round of `count` writes a side, the sides taking turns CHUNK writes at a time. */
  const chunkRatios: number[] = [];
  const round = async (index: number) => {
    await prepare();
    let withMs = 0;
    let withoutMs = 0;
    for (let from = 0, turn = 0; from < count; from += CHUNK, turn++) {
      const to = Math.min(count, from + CHUNK);
      let one: number;
      let other: number;
      if (turn % 2 === 0) {
        one = await writes(subscribed, index, from, to);
        other = await writes(plain, index, from, to);
      } else {
        other = await writes(plain, index, from, to);
        one = await writes(subscribed, index, from, to);
      }
      withMs += one;
      withoutMs += other;
      if (index >= 0) chunkRatios.push(other / one);
    }
    return { withMs, withoutMs, pending: subscribed.webhooks.pending() };
  };
  try {
    await round(-1); // warm-up: JIT both paths before anything is measured
    const withRates: number[] = [];
    const withoutRates: number[] = [];
    let pending = 0;
    for (let index = 0; index < rounds; index++) {
      const result = await round(index);
      withRates.push(count / (result.withMs / 1000));
      withoutRates.push(count / (result.withoutMs / 1000));
      pending = Math.max(pending, result.pending);
    }
    const ratio = median(chunkRatios);
    return {
      name: 'API writes while subscribed to a receiver that never answers',
      figure: `${fmt(median(withRates))} writes/s`,
      baseline: `${fmt(median(withoutRates))} writes/s (no subscription)`,
      ratio,
      budget: '≥ 0.80×',
      pass: ratio >= 0.8,
      notes: [
        `${rounds} rounds of ${fmt(count)} POST /contacts a side through handle(), taking turns ${CHUNK} at a time; ratio = median of ${chunkRatios.length} turns; ${pending} deliveries pending at the end of a round`,
        `writes/s per round, subscribed: ${withRates.map((r) => fmt(r)).join(', ')}; plain: ${withoutRates.map((r) => fmt(r)).join(', ')}`,
      ],
    };
  } finally {
    subscribed.reset();
    plain.reset();
    await close(dead);
  }
}

export async function benchWebhooks(): Promise<Row[]> {
  return [await latency(), await throughputBesideADeadReceiver()];
}

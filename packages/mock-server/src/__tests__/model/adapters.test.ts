/**
 * The adapters only translate requests (STYLE.md): the same random requests, sent to three
 * identical deterministic mocks — `handle()`, real HTTP through `startRexServer`, and MSW
 * through `setupRexServer` with the global `fetch` — must get the same status, body and Rex
 * headers from each.
 *
 * Reproduce a failure: REX_FUZZ_SEED=123 REX_FUZZ_PATH="…" npx vitest run packages/mock-server/src/__tests__/model/adapters.test.ts
 */
import { createRexMock } from '@rex/mock-server';
import { setupRexServer, startRexServer } from '@rex/mock-server/node';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_URL, buildRequest, type Call, callArb, mockOptions, seedRecords } from './requests.js';

const seed = process.env.REX_FUZZ_SEED
  ? Number(process.env.REX_FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x7fffffff);
const path = process.env.REX_FUZZ_PATH;
const numRuns = process.env.REX_FUZZ_RUNS ? Math.ceil(Number(process.env.REX_FUZZ_RUNS) / 4) : 60;
const MSW_URL = 'https://msw.rexgtm.com';
const HEADERS = [
  'content-type',
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

let compared = 0;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | null>;
}

async function read(res: Response): Promise<Answer> {
  return {
    status: res.status,
    body: await res.text(),
    headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)])),
  };
}

/** The same call sent with the global `fetch` to another origin. */
async function resend(call: Call, ids: readonly string[], origin: string): Promise<Response> {
  const { request } = buildRequest(call, ids, origin);
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body) init.body = await request.arrayBuffer();
  return fetch(request.url, init);
}

describe('the adapters', () => {
  afterAll(() => {
    console.log(`adapter comparison: ${compared} requests, each sent three ways (seed ${seed})`);
  });

  it('answer like handle() over real HTTP and through MSW', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { minLength: 1, maxLength: 25, size: 'medium' }), async (calls) => {
        const direct = createRexMock(mockOptions(BASE_URL));
        const ids = seedRecords(direct);
        const http = await startRexServer({ ...mockOptions(), port: 0 });
        const msw = setupRexServer(mockOptions(MSW_URL));
        seedRecords(http.mock);
        seedRecords(msw);
        msw.listen({ onUnhandledRequest: 'bypass' });
        try {
          for (const call of calls) {
            const { request } = buildRequest(call, ids);
            const label = `${request.method} ${request.url.slice(BASE_URL.length)} body=${JSON.stringify(call.body)}`;
            const expected = await read(await direct.handle(request));
            const overHttp = await read(await resend(call, ids, http.url));
            const viaMsw = await read(await resend(call, ids, MSW_URL));
            compared++;
            for (const [name, got] of [
              ['startRexServer (HTTP)', overHttp],
              ['setupRexServer (MSW)', viaMsw],
            ] as const) {
              if (got.status !== expected.status || got.body !== expected.body) {
                throw new Error(
                  `${label}\n  handle(): ${expected.status} ${expected.body.slice(0, 300)}\n  ${name}: ${got.status} ${got.body.slice(0, 300)}`,
                );
              }
              for (const h of HEADERS) {
                if (got.headers[h] !== expected.headers[h]) {
                  throw new Error(
                    `${label}\n  ${h}: handle() ${expected.headers[h]}, ${name} ${got.headers[h]}`,
                  );
                }
              }
            }
          }
        } finally {
          msw.close();
          await http.close();
        }
      }),
      { seed, numRuns, ...(path ? { path } : {}) },
    );
    expect(compared).toBeGreaterThan(0);
  }, 600_000);

  it('refuse a body over 1 MiB with the same 413 over real HTTP and through MSW', async () => {
    const body = JSON.stringify({ email: 'big@example.com', metadata: { blob: 'x'.repeat(1024 * 1024) } });
    const init = {
      method: 'POST',
      headers: { 'x-api-key': 'rex_test_a', 'content-type': 'application/json' },
      body,
    };
    const direct = createRexMock(mockOptions(BASE_URL));
    const http = await startRexServer({ ...mockOptions(), port: 0 });
    const msw = setupRexServer(mockOptions(MSW_URL));
    msw.listen({ onUnhandledRequest: 'bypass' });
    try {
      const expected = await read(await direct.handle(new Request(`${BASE_URL}/contacts`, init)));
      expect(expected.status).toBe(413);
      expect(await read(await fetch(`${http.url}/contacts`, init))).toEqual(expected);
      expect(await read(await fetch(`${MSW_URL}/contacts`, init))).toEqual(expected);
      expect(http.mock.snapshot()).toEqual(direct.snapshot());
    } finally {
      msw.close();
      await http.close();
    }
  });
});

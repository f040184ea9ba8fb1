/**
 * The rate limit under random traffic (SPEC §2, a token bucket per key): with the clock stopped,
 * a key gets exactly `perMinute` answers that are not 429, counted down in
 * `X-RateLimit-Remaining`; then 429 `rate_limit_exceeded` with `Retry-After`, changing nothing;
 * other keys are not affected; a minute later the key is served again.
 *
 * Reproduce a failure: REX_FUZZ_SEED=123 REX_FUZZ_PATH="…" npx vitest run packages/mock-server/src/__tests__/model/rate-limit.test.ts
 */
import { isDeepStrictEqual } from 'node:util';
import { createRexMock } from '@rex/mock-server';
import { ErrorEnvelope } from '@rex/types';
import * as fc from 'fast-check';
import { describe, it } from 'vitest';

const seed = process.env.REX_FUZZ_SEED
  ? Number(process.env.REX_FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x7fffffff);
const path = process.env.REX_FUZZ_PATH;
const numRuns = process.env.REX_FUZZ_RUNS ? Math.ceil(Number(process.env.REX_FUZZ_RUNS) / 4) : 50;
const KEYS = ['rex_test_a', 'rex_test_b', 'rex_test_c'];

const callArb = fc.record({
  key: fc.nat({ max: KEYS.length - 1 }),
  kind: fc.constantFrom('list', 'create', 'get', 'bad'),
});

describe('the rate limit', () => {
  it('serves perMinute requests per key, then 429s that change nothing, until the bucket refills', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(callArb, { maxLength: 60 }),
        async (perMinute, calls) => {
          let time = Date.UTC(2026, 0, 1);
          const mock = createRexMock({
            rateLimit: { perMinute },
            now: () => new Date(time),
            ids: { seed: 1 },
          });
          const used = new Map<string, number>();
          let n = 0;
          const send = async (key: string, kind: string) => {
            n++;
            const init: RequestInit =
              kind === 'create'
                ? {
                    method: 'POST',
                    headers: { 'x-api-key': key, 'content-type': 'application/json' },
                    body: JSON.stringify({ email: `p${n}@example.com` }),
                  }
                : { headers: { 'x-api-key': key } };
            const route =
              kind === 'list'
                ? '/contacts'
                : kind === 'get'
                  ? '/contacts/cont_nope'
                  : kind === 'bad'
                    ? '/contacts?limit=0'
                    : '/contacts';
            return mock.handle(new Request(`${mock.baseUrl}${route}`, init));
          };
          for (const call of calls) {
            const key = KEYS[call.key]!;
            const before = mock.snapshot();
            const res = await send(key, call.kind);
            const count = used.get(key) ?? 0;
            const label = `${call.kind} with ${key}, request ${count + 1} of the minute, perMinute ${perMinute}`;
            if (res.headers.get('x-ratelimit-limit') !== String(perMinute)) {
              throw new Error(`${label}: X-RateLimit-Limit ${res.headers.get('x-ratelimit-limit')}`);
            }
            if (count < perMinute) {
              if (res.status === 429) throw new Error(`${label}: 429 before the limit`);
              const remaining = res.headers.get('x-ratelimit-remaining');
              if (remaining !== String(perMinute - count - 1)) {
                throw new Error(
                  `${label}: X-RateLimit-Remaining ${remaining}, expected ${perMinute - count - 1}`,
                );
              }
              used.set(key, count + 1);
            } else {
              if (res.status !== 429) throw new Error(`${label}: ${res.status}, expected 429`);
              const body = ErrorEnvelope.parse(await res.json());
              if (body.error.code !== 'rate_limit_exceeded')
                throw new Error(`${label}: code ${body.error.code}`);
              const retryAfter = Number(res.headers.get('retry-after'));
              if (!(retryAfter >= 1 && retryAfter <= 60))
                throw new Error(`${label}: Retry-After ${res.headers.get('retry-after')}`);
              if (res.headers.get('x-ratelimit-remaining') !== '0')
                throw new Error(`${label}: Remaining not 0 on a 429`);
              if (!isDeepStrictEqual(mock.snapshot(), before))
                throw new Error(`${label}: a 429 changed the store`);
            }
          }
          // A minute later every bucket is full again.
          time += 60_000;
          for (const key of KEYS) {
            const res = await send(key, 'list');
            if (res.status !== 200 || res.headers.get('x-ratelimit-remaining') !== String(perMinute - 1)) {
              throw new Error(
                `${key} a minute later: ${res.status}, remaining ${res.headers.get('x-ratelimit-remaining')}`,
              );
            }
          }
        },
      ),
      { seed, numRuns, ...(path ? { path } : {}) },
    );
  });
});

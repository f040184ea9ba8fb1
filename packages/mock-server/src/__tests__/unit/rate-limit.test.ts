import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimitStage, RateLimiter, SWEEP_FLOOR, UNLIMITED } from '../../stages/rate-limit.js';
import { createClock } from '../helpers.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

describe('RateLimiter', () => {
  it('refills continuously and says how long to wait when empty', () => {
    const clock = createClock('2026-03-16T12:00:00.000Z');
    const limiter = new RateLimiter(2, clock.now);
    expect(limiter.take('k')).toMatchObject({ allowed: true, state: { limit: 2, remaining: 1 } });
    expect(limiter.take('k')).toMatchObject({ allowed: true, state: { remaining: 0 } });
    expect(limiter.take('k')).toMatchObject({ allowed: false, retryAfter: 30 });
    clock.tick(30_000);
    expect(limiter.take('k')).toMatchObject({ allowed: true });
  });

  it('keeps one bucket per key and peeks without taking', () => {
    const limiter = new RateLimiter(5, createClock().now);
    limiter.take('a');
    expect(limiter.peek('a').remaining).toBe(4);
    expect(limiter.peek('b').remaining).toBe(5);
    expect(limiter.peek(null).remaining).toBe(5);
  });

  it('reports an unreachable limit when turned off', () => {
    const limiter = new RateLimiter(null, createClock().now);
    expect(limiter.take('a')).toMatchObject({ allowed: true, state: { limit: UNLIMITED } });
  });
});

/** The limiter as it was before its state was bounded: every bucket kept forever. */
function unboundedTake(
  buckets: Map<string, { tokens: number; at: number }>,
  limit: number,
  key: string,
  now: number,
) {
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = { tokens: limit, at: now };
    buckets.set(key, bucket);
  } else {
    bucket.tokens = Math.min(limit, bucket.tokens + (Math.max(0, now - bucket.at) * limit) / 60_000);
    bucket.at = now;
  }
  const allowed = bucket.tokens >= 1;
  if (allowed) bucket.tokens -= 1;
  const msToFull = ((limit - bucket.tokens) * 60_000) / limit;
  return {
    allowed,
    remaining: Math.max(0, Math.floor(bucket.tokens)),
    reset: Math.ceil((now + msToFull) / 1000),
  };
}

describe('RateLimiter state (issue #15)', () => {
  it('drops buckets that are full again, so distinct keys do not grow it without bound', () => {
    const clock = createClock();
    const limiter = new RateLimiter(2, clock.now);
    for (let i = 0; i < 100_000; i++) {
      limiter.take(`rex_test_${i}`);
      if (i % 1000 === 999) clock.tick(1000);
    }
    // Keys that spent a token within the last minute: 60,000; held at most twice that.
    expect(limiter.size).toBeLessThanOrEqual(2 * 61_000);
    clock.tick(60_000);
    for (let i = 0; i < 3 * SWEEP_FLOOR; i++) limiter.take(`rex_test_late_${i}`);
    expect(limiter.size).toBeLessThanOrEqual(3 * SWEEP_FLOOR);
  });

  it('keeps a bucket that is not full, whatever the number of other keys', () => {
    const clock = createClock();
    const limiter = new RateLimiter(2, clock.now, 4);
    limiter.take('k');
    limiter.take('k');
    clock.tick(30_000);
    for (let i = 0; i < 100; i++) limiter.take(`other_${i}`);
    expect(limiter.peek('k').remaining).toBe(1);
    expect(limiter.take('k')).toMatchObject({ allowed: true, state: { remaining: 0 } });
    expect(limiter.take('k')).toMatchObject({ allowed: false, retryAfter: 30 });
  });

  it('answers every take exactly as the unbounded limiter did', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        // A few busy keys among many one-off ones, so sweeps meet buckets at every fill level.
        fc.array(
          fc.tuple(
            fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 300 })),
            fc.constantFrom(0, 0, 0, 1, 500, 7_000, 15_000, 30_000, 59_999, 61_000),
          ),
          { maxLength: 400 },
        ),
        (limit, floor, calls) => {
          const clock = createClock();
          const limiter = new RateLimiter(limit, clock.now, floor);
          const reference = new Map<string, { tokens: number; at: number }>();
          let now = clock.now().getTime();
          for (const [key, tick] of calls) {
            clock.tick(tick);
            now += tick;
            const got = limiter.take(`k${key}`);
            const want = unboundedTake(reference, limit, `k${key}`, now);
            expect({ allowed: got.allowed, remaining: got.state.remaining, reset: got.state.reset }).toEqual(
              want,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rate-limit stage', () => {
  it('counts anonymous calls in one bucket and refuses with 429 and Retry-After', async () => {
    const stage = createRateLimitStage(new RateLimiter(1, createClock().now));
    const ctx = context(mockRequest('POST', '/capture'));
    expect(await runStage(stage, ctx)).toEqual({ next: true });
    expect(ctx.bucket).toBe('anonymous');
    expect(await stageError(stage, context(mockRequest('POST', '/capture')))).toMatchObject({
      status: 429,
      error: { code: 'rate_limit_exceeded' },
      headers: { 'retry-after': '60' },
    });
  });
});

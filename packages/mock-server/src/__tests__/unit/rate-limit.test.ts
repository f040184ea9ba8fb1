import { describe, expect, it } from 'vitest';
import { createRateLimitStage, RateLimiter, UNLIMITED } from '../../stages/rate-limit.js';
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

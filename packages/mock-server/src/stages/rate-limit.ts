import type { Stage } from './compose.js';
import { HttpError } from './errors.js';

/** The rate-limit headers of one response, as numbers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the bucket is full again. */
  reset: number;
}

/** The outcome of taking a token: allowed, or refused with the seconds to wait. */
export type RateLimitDecision =
  | { allowed: true; state: RateLimitState }
  | { allowed: false; state: RateLimitState; retryAfter: number };

/** What the headers say when rate limiting is off: a limit no test will reach. */
export const UNLIMITED = 2_147_483_647;

interface Bucket {
  tokens: number;
  at: number;
}

/** Bucket count below which the limiter never sweeps (our choice: a few KiB of buckets). */
export const SWEEP_FLOOR = 1024;

/**
 * A token bucket per key [Rex] — `perMinute` tokens of capacity, refilled continuously at
 * `perMinute` per minute, one token per request. Reads the injected clock, so tests drive it.
 *
 * Bounded state (our choice, issue #15): a full bucket answers exactly as a missing one (a new
 * key starts full), so full buckets are dropped. When a new key arrives and the count has
 * reached `sweepAt`, or `sweepFloor` with no sweep for a minute, one pass drops every bucket
 * that is full by now, and `sweepAt` becomes twice what is left (at least `sweepFloor`). So the
 * map holds at most `sweepFloor` or about twice the keys that spent a token within the last
 * minute or two; a sweep costs O(buckets), at most once a minute or once per that many new keys
 * (O(1) amortised), and a known key's request pays nothing. Exact while the clock does not run
 * backwards past a sweep (a dropped bucket is as if refilled at the sweep's instant).
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private sweepAt: number;
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly perMinute: number | null,
    private readonly now: () => Date,
    private readonly sweepFloor = SWEEP_FLOOR,
  ) {
    this.sweepAt = sweepFloor;
  }

  /** How many buckets are held (keys whose bucket may not be full). */
  get size(): number {
    return this.buckets.size;
  }

  reset(): void {
    this.buckets = new Map();
    this.sweepAt = this.sweepFloor;
    this.sweptAt = Number.NEGATIVE_INFINITY;
  }

  /** Takes one token from `key`'s bucket. */
  take(key: string): RateLimitDecision {
    const now = this.now().getTime();
    if (this.perMinute === null) return { allowed: true, state: this.unlimited(now) };
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, state: this.state(bucket, now) };
    }
    const perMs = this.perMinute / 60_000;
    // Rounded to the microsecond first so float noise cannot add a whole second.
    const seconds = Number(((1 - bucket.tokens) / perMs / 1000).toFixed(6));
    const retryAfter = Math.max(1, Math.ceil(seconds));
    return { allowed: false, state: this.state(bucket, now), retryAfter };
  }

  /** The state of `key`'s bucket without taking a token (a full bucket for `null`). */
  peek(key: string | null): RateLimitState {
    const now = this.now().getTime();
    if (this.perMinute === null) return this.unlimited(now);
    if (key === null || !this.buckets.has(key)) {
      return { limit: this.perMinute, remaining: this.perMinute, reset: Math.ceil(now / 1000) };
    }
    return this.state(this.refill(key, now), now);
  }

  private refill(key: string, now: number): Bucket {
    const limit = this.perMinute as number;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const size = this.buckets.size;
      if (size >= this.sweepAt || (size >= this.sweepFloor && now - this.sweptAt >= 60_000)) {
        this.sweep(now);
      }
      bucket = { tokens: limit, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit, bucket.tokens + (elapsed * limit) / 60_000);
    bucket.at = now;
    return bucket;
  }

  // Drops every bucket a refill at `now` would fill (the refill's own arithmetic, so a bucket
  // is dropped exactly when it would answer as a new one).
  private sweep(now: number): void {
    const limit = this.perMinute as number;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (Math.max(0, now - bucket.at) * limit) / 60_000 >= limit) {
        this.buckets.delete(key);
      }
    }
    this.sweepAt = Math.max(this.sweepFloor, 2 * this.buckets.size);
    this.sweptAt = now;
  }

  private state(bucket: Bucket, now: number): RateLimitState {
    const limit = this.perMinute as number;
    const msToFull = ((limit - bucket.tokens) * 60_000) / limit;
    return {
      limit,
      remaining: Math.max(0, Math.floor(bucket.tokens)),
      reset: Math.ceil((now + msToFull) / 1000),
    };
  }

  private unlimited(now: number): RateLimitState {
    return { limit: UNLIMITED, remaining: UNLIMITED, reset: Math.ceil(now / 1000) };
  }
}

/**
 * Takes a token from the caller's bucket (anonymous calls share one); refuses with 429 and
 * `Retry-After` when it is empty [Rex].
 */
export function createRateLimitStage(limiter: RateLimiter): Stage {
  return (ctx, next) => {
    ctx.bucket = ctx.key ?? 'anonymous';
    const decision = limiter.take(ctx.bucket);
    ctx.rate = decision.state;
    if (!decision.allowed) {
      throw new HttpError(
        429,
        {
          code: 'rate_limit_exceeded',
          message: `Rate limit of ${decision.state.limit} requests per minute exceeded; retry in ${decision.retryAfter}s`,
        },
        { 'retry-after': String(decision.retryAfter) },
      );
    }
    return next();
  };
}

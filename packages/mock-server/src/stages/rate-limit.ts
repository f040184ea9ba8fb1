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

/**
 * A token bucket per key [Rex] — `perMinute` tokens of capacity, refilled continuously at
 * `perMinute` per minute, one token per request. Reads the injected clock, so tests drive it.
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number | null,
    private readonly now: () => Date,
  ) {}

  reset(): void {
    this.buckets = new Map();
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
      bucket = { tokens: limit, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit, bucket.tokens + (elapsed * limit) / 60_000);
    bucket.at = now;
    return bucket;
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

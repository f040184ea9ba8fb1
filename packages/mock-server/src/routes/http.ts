import type { ApiError } from '@rex/types';
import type { RateLimitState } from './rate-limit.js';

/** Largest request body accepted: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Content-Type, X-Api-Key, Idempotency-Key, X-Request-Id, Authorization',
  'access-control-expose-headers':
    'X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
  'access-control-max-age': '600',
} as const;

/** Builds a response with the headers every answer carries: request id, rate limit, CORS. */
export function respond(
  status: number,
  body: unknown,
  requestId: string,
  rate: RateLimitState,
  extra?: Record<string, string>,
): Response {
  const headers: Record<string, string> = {
    ...CORS,
    'x-request-id': requestId,
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.reset),
    ...extra,
  };
  if (body === null) return new Response(null, { status, headers });
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(body), { status, headers });
}

/** The Rex error envelope. */
export const errorBody = (error: ApiError): { error: ApiError } => ({ error });

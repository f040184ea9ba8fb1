import type { Stage } from './compose.js';

/**
 * CORS headers of every API answer, so a page on any origin can call the mock as it would call
 * Rex from a browser. Admin answers (`/__rex/*`) never carry them. A new object each call, made
 * as one literal (ours: cheaper per request than copying a shared one).
 */
export const corsHeaders = (): Record<string, string> => ({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'Content-Type, X-Api-Key, Idempotency-Key, X-Request-Id, Authorization',
  'access-control-expose-headers':
    'X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
  'access-control-max-age': '600',
});

/** Answers a CORS preflight to an API route with 204 (the headers are added to every answer). */
export const cors: Stage = (ctx, next) => {
  if (ctx.method === 'OPTIONS' && !ctx.admin) {
    ctx.res = { status: 204, headers: {}, body: null };
    return;
  }
  return next();
};

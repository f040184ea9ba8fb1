import { validate as check } from '@rex/types';
import type { Stage } from './compose.js';
import { HttpError } from './errors.js';

/**
 * A route's query schema applied to no query at all: always the same answer, so it is worked
 * out once per schema (ours: most reads send no query). Only a success is kept.
 */
const NO_QUERY = new WeakMap<object, Record<string, unknown>>();

function isEmpty(query: Record<string, unknown>): boolean {
  for (const _ in query) return false;
  return true;
}

/**
 * Validates the query and the body with the route's schemas from `@rex/types` — the same
 * schemas and words the SDK uses before sending — and keeps the parsed values.
 */
export const validate: Stage = (ctx, next) => {
  const endpoint = ctx.route?.endpoint;
  if (endpoint?.query) {
    const noQuery = isEmpty(ctx.query);
    const known = noQuery ? NO_QUERY.get(endpoint.query) : undefined;
    if (known) ctx.query = { ...known };
    else {
      const result = check(endpoint.query, ctx.query);
      if (!result.success) throw new HttpError(400, result.error);
      ctx.query = result.data as Record<string, unknown>;
      if (noQuery) NO_QUERY.set(endpoint.query, { ...ctx.query });
    }
  }
  if (endpoint?.body) {
    const result = check(endpoint.body, ctx.body);
    if (!result.success) throw new HttpError(400, result.error);
    ctx.body = result.data;
  }
  return next();
};

import { validate as check } from '@rex/types';
import type { Stage } from './compose.js';
import { HttpError } from './errors.js';

/**
 * Validates the query and the body with the route's schemas from `@rex/types` — the same
 * schemas and words the SDK uses before sending — and keeps the parsed values.
 */
export const validate: Stage = (ctx, next) => {
  const endpoint = ctx.route?.endpoint;
  if (endpoint?.query) {
    const result = check(endpoint.query, ctx.query);
    if (!result.success) throw new HttpError(400, result.error);
    ctx.query = result.data as Record<string, unknown>;
  }
  if (endpoint?.body) {
    const result = check(endpoint.body, ctx.body);
    if (!result.success) throw new HttpError(400, result.error);
    ctx.body = result.data;
  }
  return next();
};

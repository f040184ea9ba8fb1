import { decodeQuery } from '@rex/types';
import type { Stage } from './compose.js';
import { apiError } from './errors.js';

type QuerySchema = Parameters<typeof decodeQuery>[1];

/**
 * Reads the query string into the shape the route's query schema validates. A parameter given
 * twice is refused: a list is one comma-separated value (`fields=id,email`), and silently
 * keeping one of two values would hide a bug in the caller.
 */
export const query: Stage = (ctx, next) => {
  const schema = ctx.route?.endpoint.query as QuerySchema | undefined;
  if (schema && ctx.req.search !== '') {
    const search = new URLSearchParams(ctx.req.search);
    const seen = new Set<string>();
    for (const name of search.keys()) {
      if (seen.has(name)) {
        throw apiError(
          'validation_error',
          `\`${name}\` is given more than once; send it once (lists are comma-separated)`,
          { param: name },
        );
      }
      seen.add(name);
    }
    ctx.query = decodeQuery(search, schema);
  }
  return next();
};

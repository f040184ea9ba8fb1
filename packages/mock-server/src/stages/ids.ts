import { type IdPrefix, isTypeId } from '@rex/types';
import type { Stage } from './compose.js';
import { apiError } from './errors.js';

/**
 * Answers 404 for a path id that is not a TypeID with the route's prefix, before the store is
 * asked: a malformed id or one of another resource names nothing [Rex]. `titles` names the
 * resource of each prefix for the message (`Contact not found`).
 */
export function createIdStage(titles: ReadonlyMap<string, string>): Stage {
  return (ctx, next) => {
    const route = ctx.route;
    for (const [name, prefix] of Object.entries(route?.endpoint.ids ?? {})) {
      if (!isTypeId(route?.params[name], prefix as IdPrefix)) {
        throw apiError('not_found', `${titles.get(prefix) ?? 'Record'} not found`);
      }
    }
    return next();
  };
}

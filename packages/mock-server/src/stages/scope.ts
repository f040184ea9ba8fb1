import type { RouteAccess } from '@rex/types';
import type { ApiKeyScope } from '../options.js';
import type { Stage } from './compose.js';
import { apiError } from './errors.js';

/**
 * What each scope may call [Rex]: `read` keys read, `capture-only` keys only capture,
 * `read-write` keys everything. A route that needs no key (`POST /capture`) still refuses a
 * `read` key that is sent: capturing writes.
 */
const ALLOWS: Record<ApiKeyScope, ReadonlySet<RouteAccess>> = {
  'read-write': new Set(['read', 'write', 'none']),
  read: new Set(['read']),
  'capture-only': new Set(['none']),
};

/** Refuses (403) a call the key's scope does not allow. */
export const scope: Stage = (ctx, next) => {
  const { caller, route } = ctx;
  if (caller && route && !ALLOWS[caller.scope].has(route.endpoint.access)) {
    const { method, path } = route.endpoint;
    throw apiError('forbidden', `This key's scope (${caller.scope}) does not allow ${method} ${path}`);
  }
  return next();
};

import type { OperationId } from '@rex/types';
import type { Store } from '../engine/store.js';
import type { Operation, OperationContext, Operations } from '../operations/types.js';
import { DEFAULT_ORG, type KeyRing } from './auth.js';
import { answer, type Stage } from './compose.js';

/**
 * Runs the route's operation against the caller's org: a read sees the org without creating
 * it; a write (and a capture) creates it on first use.
 */
export function createOperationStage(store: Store, operations: Operations, keys: KeyRing): Stage {
  return (ctx) => {
    const route = ctx.route;
    if (!route) return;
    const name = ctx.caller?.org ?? DEFAULT_ORG;
    const org = route.endpoint.access === 'read' ? store.peek(name) : store.org(name);
    const operation = operations[route.endpoint.operationId] as Operation<OperationId>;
    const result = operation({
      store,
      org,
      caller: ctx.caller,
      keys,
      params: route.params,
      query: ctx.query,
      body: ctx.body,
    } as OperationContext<OperationId>);
    answer(ctx, result.status, result.body);
  };
}

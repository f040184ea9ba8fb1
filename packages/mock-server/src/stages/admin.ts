import { type AdminTarget, checkAdminRequest, handleAdmin } from '../admin/routes.js';
import { answer, type Stage } from './compose.js';

/**
 * Answers admin requests (`/__rex/*`: reset, seed, snapshot, journal, faults) after the admin
 * safety checks; everything else goes on to the API stages. Admin calls need no key and are
 * never rate-limited, faulted or journaled.
 */
export function createAdminStage(target: AdminTarget, ownHost: string): Stage {
  return async (ctx, next) => {
    if (!ctx.admin) return next();
    checkAdminRequest(ctx, ownHost);
    const { status, body } = await handleAdmin(target, ctx);
    answer(ctx, status, body);
  };
}

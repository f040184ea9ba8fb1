import { ERROR_STATUS, type ErrorCode } from '@rex/types';
import type { Stage } from './compose.js';
import { HttpError } from './errors.js';
import type { Faults } from './fault-rules.js';

// The error code a fault answers with: the one ERROR_STATUS maps to the status, else ours.
const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** The Rex error code an injected status is answered with. */
export function faultCode(status: number): ErrorCode {
  const known = CODE_BY_STATUS.get(status);
  if (known) return known;
  if (status === 408) return 'request_timeout';
  return status >= 500 ? 'internal_error' : 'fault_injected';
}

/**
 * Applies the first fault rule matching the request: a delay (then the request goes on), a
 * network error, or a status with a Rex error body. Runs before auth, so a fault fires whatever
 * key is sent; admin routes never reach it.
 */
export function createFaultStage(faults: Faults, sleep: (ms: number) => Promise<void>): Stage {
  return async (ctx, next) => {
    const fault = faults.take(ctx.method, ctx.path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.networkError) {
        ctx.res = { status: 0, headers: {}, body: null, networkError: true };
        return;
      }
      if (fault.status !== undefined) {
        throw new HttpError(
          fault.status,
          { code: faultCode(fault.status), message: `Injected fault: ${fault.status}` },
          // A 429 always says when to come back [Rex]: 1 s unless the rule says otherwise.
          fault.retryAfter !== undefined || fault.status === 429
            ? { 'retry-after': String(fault.retryAfter ?? 1) }
            : {},
        );
      }
    }
    return next();
  };
}

import { FaultRuleError, RexMockError, SeedError, SnapshotError } from '../errors.js';
import type { RexSnapshot, SeedInput } from '../options.js';
import { apiError, HttpError } from '../store/errors.js';
import type { FaultRule } from './faults.js';

/** The instance operations the admin routes expose. */
export interface AdminTarget {
  reset(): void;
  seed(input: SeedInput): unknown;
  snapshot(): RexSnapshot;
  restore(snapshot: RexSnapshot): void;
  requests(): unknown[];
  addFault(rule: FaultRule): string;
  clearFaults(): number;
}

/** Reads an admin request's JSON body (no size limit: snapshots can be large). */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw apiError('validation_error', 'The request body is not valid JSON');
  }
}

function asBadRequest(error: unknown): never {
  if (error instanceof SeedError || error instanceof FaultRuleError) {
    throw apiError('validation_error', error.message, { param: error.param });
  }
  if (error instanceof SnapshotError || error instanceof RexMockError) {
    throw apiError('validation_error', error.message);
  }
  throw error;
}

/**
 * Answers `/__rex/*`: the instance methods over HTTP, so tests in other processes or languages
 * can drive the mock. Returns status and body; throws {@link HttpError} for a 4xx.
 */
export async function handleAdmin(
  target: AdminTarget,
  method: string,
  path: string,
  request: Request,
): Promise<{ status: number; body: unknown }> {
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'POST /__rex/reset':
        target.reset();
        return { status: 200, body: { data: { reset: true } } };
      case 'POST /__rex/seed':
        return { status: 200, body: { data: target.seed((await readJson(request)) as SeedInput) } };
      case 'GET /__rex/snapshot':
        return { status: 200, body: { data: target.snapshot() } };
      case 'POST /__rex/restore':
        target.restore((await readJson(request)) as RexSnapshot);
        return { status: 200, body: { data: { restored: true } } };
      case 'GET /__rex/requests':
        return { status: 200, body: { data: target.requests() } };
      case 'POST /__rex/faults':
        return {
          status: 201,
          body: { data: { id: target.addFault((await readJson(request)) as FaultRule) } },
        };
      case 'DELETE /__rex/faults':
        return { status: 200, body: { data: { cleared: target.clearFaults() } } };
      default:
        throw apiError('not_found', `Route not found: ${route}`);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    return asBadRequest(error);
  }
}

import { type ApiError, ERROR_STATUS, type KnownErrorCode, NormalizationError } from '@rex/types';
import { DuplicateKey, InvalidInput, InvalidLink, RecordInUse, RecordNotFound } from '../engine/errors.js';
import { FaultRuleError, RexMockError, SeedError } from '../errors.js';

/**
 * A request the mock answers with a Rex error envelope. Thrown by the stages; turned into a
 * response by {@link toErrorResponse}; never escapes to users.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError' as const;

  constructor(
    readonly status: number,
    readonly error: ApiError,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }
}

/** An {@link HttpError} for a known code, at the status `ERROR_STATUS` gives it. */
export function apiError(
  code: KnownErrorCode,
  message: string,
  extra: { param?: string | undefined; details?: Record<string, unknown> } = {},
): HttpError {
  const error: ApiError = { code, message };
  if (extra.param !== undefined) error.param = extra.param;
  if (extra.details !== undefined) error.details = extra.details;
  return new HttpError(ERROR_STATUS[code], error);
}

/**
 * The one place an error becomes an answer: the store's domain errors, the stages' HTTP errors,
 * a bad dedup key and the admin surface's errors each get their status and Rex error code here.
 * Anything else is a bug and a 500.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof RecordNotFound) {
    return apiError('not_found', error.param ? error.message : `${error.title} not found`, {
      param: error.param,
    });
  }
  if (error instanceof DuplicateKey) {
    return apiError('conflict', error.message, {
      param: error.param,
      details: { existing_id: error.existingId },
    });
  }
  if (error instanceof InvalidLink || error instanceof InvalidInput) {
    return apiError('validation_error', error.message, { param: error.param });
  }
  if (error instanceof RecordInUse) {
    return apiError('conflict', error.message, { details: { ...error.details } });
  }
  if (error instanceof NormalizationError) {
    return apiError('validation_error', error.message, { param: error.field });
  }
  if (error instanceof SeedError || error instanceof FaultRuleError) {
    return apiError('validation_error', error.message, { param: error.param });
  }
  if (error instanceof RexMockError) return apiError('validation_error', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return apiError('internal_error', `The mock server failed: ${message}`);
}

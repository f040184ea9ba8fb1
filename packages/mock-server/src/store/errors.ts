import type { ApiError } from '@rex/types';
import { ERROR_STATUS, type KnownErrorCode } from '@rex/types';

/**
 * A request the mock answers with a Rex error envelope. Thrown by the store and the pipeline,
 * caught once in `handle()`; never escapes to users.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError' as const;
  readonly status: number;
  readonly error: ApiError;

  constructor(status: number, error: ApiError) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

/** An {@link HttpError} for a known code, at the status `ERROR_STATUS` gives it. */
export function apiError(
  code: KnownErrorCode,
  message: string,
  extra: { param?: string; details?: Record<string, unknown> } = {},
): HttpError {
  return new HttpError(ERROR_STATUS[code], { code, message, ...extra });
}

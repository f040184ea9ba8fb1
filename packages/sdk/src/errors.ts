import type { ApiError, ErrorCode } from '@rex/types';

// A registry-wide symbol, so the ESM and the CJS build of this package (both loaded in one
// process: the dual-package hazard) recognise each other's errors in `instanceof`.
const BRAND = Symbol.for('@rex/sdk.error');

type Branded = { [BRAND]?: string };

/**
 * Base class of every error the SDK throws, so one `instanceof RexError` catches them all.
 *
 * `instanceof` also recognises errors thrown by another copy of `@rex/sdk` in the same runtime
 * (say the CJS build loaded by a dependency while you import the ESM build).
 */
export class RexError extends Error {
  /**
   * Makes `instanceof` recognise errors thrown by any copy of this package loaded in the same
   * runtime (its ESM and CJS builds side by side), by a registry-wide brand on the prototype.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass too
    const wanted = (this.prototype as Branded)[BRAND];
    for (
      let proto = value;
      proto !== null && typeof proto === 'object';
      proto = Object.getPrototypeOf(proto)
    ) {
      if (Object.hasOwn(proto, BRAND) && (proto as Branded)[BRAND] === wanted) return true;
    }
    return false;
  }
}

/**
 * An error answered by Rex (or found before sending: then `status` is `undefined`).
 *
 * Unknown codes, missing `param`/`details` and non-JSON bodies are tolerated: without a code,
 * `code` is `internal_error` for a 5xx and `unknown_error` otherwise; the class follows the status.
 */
export class RexApiError extends RexError {
  /** HTTP status; `undefined` when the SDK rejected the call before sending it. */
  readonly status: number | undefined;
  /** Rex error code such as `not_found`; may be a code newer than this SDK. */
  readonly code: ErrorCode;
  /** The offending field, when Rex names one. */
  readonly param: string | undefined;
  /** Extra detail Rex sent, such as `existing_id` on a conflict. */
  readonly details: Record<string, unknown> | undefined;
  /** `X-Request-Id` of the failed response; quote it when contacting Rex. */
  readonly requestId: string | undefined;
  /** Headers of the failed response. */
  readonly headers: Headers | undefined;

  /**
   * @param message - what failed and where, e.g. `Contact not found: GET /contacts/cont_…`
   * @param error - the `error` object of Rex's error envelope
   */
  constructor(message: string, error: ApiError, status?: number, headers?: Headers) {
    super(message);
    this.status = status;
    this.code = error.code;
    this.param = error.param;
    this.details = error.details;
    this.headers = headers;
    this.requestId = headers?.get('x-request-id') ?? undefined;
  }
}

/** 400 `validation_error`, or input rejected before sending (`status` undefined, no request made). */
export class ValidationError extends RexApiError {
  declare readonly name: 'ValidationError';
}

/** 401 `unauthorized`: missing or unknown API key; also thrown before sending when no key is set. */
export class AuthenticationError extends RexApiError {
  declare readonly name: 'AuthenticationError';
}

/** 403 `forbidden`: the key's scope does not allow the call. */
export class PermissionDeniedError extends RexApiError {
  declare readonly name: 'PermissionDeniedError';
}

/** 404 `not_found`: unknown route or id, or an id of another org. */
export class NotFoundError extends RexApiError {
  declare readonly name: 'NotFoundError';
}

/** 409 `conflict`: the email or domain (`param`) is held by another record (`existingId`). */
export class ConflictError extends RexApiError {
  declare readonly name: 'ConflictError';

  /** Id of the record that already holds the email or domain (`details.existing_id`). */
  get existingId(): string | undefined {
    const id = this.details?.existing_id;
    return typeof id === 'string' ? id : undefined;
  }
}

/** 429 `rate_limit_exceeded`: over 1,000 requests a minute for this key [Rex]. */
export class RateLimitError extends RexApiError {
  declare readonly name: 'RateLimitError';

  /** Seconds to wait before trying again, from `Retry-After`. */
  get retryAfter(): number | undefined {
    const seconds = Number(this.headers?.get('retry-after') ?? Number.NaN);
    return seconds >= 0 ? seconds : undefined;
  }
}

/** A 5xx status: Rex failed; safe requests were retried before this was thrown. */
export class InternalServerError extends RexApiError {
  declare readonly name: 'InternalServerError';
}

/** The request never got a response: DNS failure, refused or dropped connection, CORS. */
export class RexConnectionError extends RexError {
  declare readonly name: 'RexConnectionError';
}

/** An attempt got no response within `timeout` ms. */
export class RexTimeoutError extends RexError {
  declare readonly name: 'RexTimeoutError';
}

/** A webhook's signature, timestamp or body did not check out; `message` says which. */
export class WebhookVerificationError extends RexError {
  declare readonly name: 'WebhookVerificationError';
}

// Names live on the prototype as literals: class names do not survive minifiers, and the
// prototype is what the cross-build `instanceof` above walks.
for (const [cls, name] of [
  [RexError, 'RexError'],
  [RexApiError, 'RexApiError'],
  [ValidationError, 'ValidationError'],
  [AuthenticationError, 'AuthenticationError'],
  [PermissionDeniedError, 'PermissionDeniedError'],
  [NotFoundError, 'NotFoundError'],
  [ConflictError, 'ConflictError'],
  [RateLimitError, 'RateLimitError'],
  [InternalServerError, 'InternalServerError'],
  [RexConnectionError, 'RexConnectionError'],
  [RexTimeoutError, 'RexTimeoutError'],
  [WebhookVerificationError, 'WebhookVerificationError'],
] as const) {
  const proto = cls.prototype as Branded & { name: string };
  proto.name = proto[BRAND] = name;
}

const BY_STATUS: Record<number, typeof RexApiError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** The error class Rex's `status` maps to. */
export const errorClassFor = (status: number): typeof RexApiError =>
  status >= 500 ? InternalServerError : (BY_STATUS[status] ?? RexApiError);

import type { ApiError, ErrorCode } from '@rex/types';

// A registry-wide symbol, so the ESM and the CJS build of this package (both loaded in one
// process: the dual-package hazard) recognise each other's errors in `instanceof`.
const BRAND = Symbol.for('@rex/sdk.error');

type Branded = { [BRAND]?: string };

/**
 * Gives an error class its identity, from inside its own body (`static { named(this, '…') }`):
 * its `name` on the prototype (class names do not survive minifiers) and the brand that the
 * cross-copy `instanceof` below compares. The brand is the class's own, never inherited, so a
 * subclass cannot be mistaken for its parent.
 */
function named(cls: { prototype: object }, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(cls.prototype, BRAND, { value: name });
}

/** `value instanceof cls`, by brand: true for an error of `cls` from any copy of this package. */
function isInstance(cls: { prototype: object }, value: unknown): boolean {
  const proto = cls.prototype as Branded;
  // A class without a brand of its own (your subclass of a Rex error) gets the ordinary check.
  if (!Object.hasOwn(proto, BRAND)) return Function.prototype[Symbol.hasInstance].call(cls, value);
  const wanted = proto[BRAND];
  for (let p = value; p !== null && typeof p === 'object'; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, BRAND) && (p as Branded)[BRAND] === wanted) return true;
  }
  return false;
}

/**
 * Base class of every error the SDK throws, so one `instanceof RexError` catches them all.
 *
 * `instanceof` also recognises errors thrown by another copy of `@rex/sdk` in the same runtime
 * (say the CJS build loaded by a dependency while you import the ESM build).
 */
export class RexError extends Error {
  static {
    named(RexError, 'RexError');
  }

  /**
   * Makes `instanceof` recognise errors thrown by any copy of this package loaded in the same
   * runtime (its ESM and CJS builds side by side), by a registry-wide brand on the prototype.
   * A class without a brand of its own (your subclass of a Rex error) gets the ordinary check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass too
    return isInstance(this, value);
  }
}

/**
 * An error answered by Rex (or found before sending: then `status` is `undefined`).
 *
 * Unknown codes, missing `param`/`details` and non-JSON bodies are tolerated: without a code,
 * `code` is `internal_error` for a 5xx and `unknown_error` otherwise; the class follows the status.
 */
export class RexApiError extends RexError {
  static {
    named(RexApiError, 'RexApiError');
  }

  /** HTTP status; `undefined` when the SDK rejected the call before sending it. */
  declare readonly status: number | undefined;
  /** Rex error code such as `not_found`; may be a code newer than this SDK. */
  declare readonly code: ErrorCode;
  /** The offending field, when Rex names one. */
  declare readonly param: string | undefined;
  /** Extra detail Rex sent, such as `existing_id` on a conflict. */
  declare readonly details: Record<string, unknown> | undefined;
  /** `X-Request-Id` of the failed response; quote it when contacting Rex. */
  declare readonly requestId: string | undefined;
  /** Headers of the failed response. */
  declare readonly headers: Headers | undefined;

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
  static {
    named(ValidationError, 'ValidationError');
  }
}

/** 401 `unauthorized`: missing or unknown API key; also thrown before sending when no key is set. */
export class AuthenticationError extends RexApiError {
  declare readonly name: 'AuthenticationError';
  static {
    named(AuthenticationError, 'AuthenticationError');
  }
}

/** 403 `forbidden`: the key's scope does not allow the call. */
export class PermissionDeniedError extends RexApiError {
  declare readonly name: 'PermissionDeniedError';
  static {
    named(PermissionDeniedError, 'PermissionDeniedError');
  }
}

/** 404 `not_found`: unknown route or id, or an id of another org. */
export class NotFoundError extends RexApiError {
  declare readonly name: 'NotFoundError';
  static {
    named(NotFoundError, 'NotFoundError');
  }
}

/** 409 `conflict`: the email or domain (`param`) is held by another record (`existingId`). */
export class ConflictError extends RexApiError {
  declare readonly name: 'ConflictError';
  static {
    named(ConflictError, 'ConflictError');
  }

  /** Id of the record that already holds the email or domain (`details.existing_id`). */
  get existingId(): string | undefined {
    const id = this.details?.existing_id;
    return typeof id === 'string' ? id : undefined;
  }
}

/** 429 `rate_limit_exceeded`: over 1,000 requests a minute for this key [Rex]. */
export class RateLimitError extends RexApiError {
  declare readonly name: 'RateLimitError';
  static {
    named(RateLimitError, 'RateLimitError');
  }

  /**
   * Seconds Rex asked to wait, from `Retry-After`, for your own scheduling. (The SDK's retries
   * leave the header to ky, which also reads the HTTP-date form.)
   */
  get retryAfter(): number | undefined {
    const seconds = Number(this.headers?.get('retry-after') ?? Number.NaN);
    return seconds >= 0 ? seconds : undefined;
  }
}

/** A 5xx status: Rex failed; safe requests were retried before this was thrown. */
export class InternalServerError extends RexApiError {
  declare readonly name: 'InternalServerError';
  static {
    named(InternalServerError, 'InternalServerError');
  }
}

/**
 * The request never got a whole response: DNS failure, refused or dropped connection, CORS.
 * The message names the request and the cause:
 * `Connection refused: GET http://127.0.0.1:4010/contacts (ECONNREFUSED)`.
 */
export class RexConnectionError extends RexError {
  declare readonly name: 'RexConnectionError';
  static {
    named(RexConnectionError, 'RexConnectionError');
  }

  /**
   * The system error code of the cause, such as `ECONNREFUSED`, where the runtime reports one
   * (Node, Bun, Deno); `undefined` in browsers, which hide it.
   */
  declare readonly code: string | undefined;

  /**
   * @param message - what failed and where
   * @param code - the cause's system error code, such as `ECONNREFUSED`
   */
  constructor(message: string, code: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** An attempt got no whole response (headers and body) within `timeout` ms. */
export class RexTimeoutError extends RexError {
  declare readonly name: 'RexTimeoutError';
  static {
    named(RexTimeoutError, 'RexTimeoutError');
  }
}

/** A webhook's signature, timestamp or body did not check out; `message` says which. */
export class WebhookVerificationError extends RexError {
  declare readonly name: 'WebhookVerificationError';
  static {
    named(WebhookVerificationError, 'WebhookVerificationError');
  }
}

/**
 * The class of an error Rex answered with `status`: one per status the API documents, any
 * 5xx, else {@link RexApiError}.
 * @internal
 */
export function errorClassFor(status: number): typeof RexApiError {
  if (status >= 500) return InternalServerError;
  return (
    {
      400: ValidationError,
      401: AuthenticationError,
      403: PermissionDeniedError,
      404: NotFoundError,
      409: ConflictError,
      429: RateLimitError,
    }[status] ?? RexApiError
  );
}

import type { Hooks } from 'ky';

/** Options every method takes as its last argument; each overrides the client's for one call. */
export interface RequestOptions {
  /** Cancels the call, including any wait between retries; the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Milliseconds each attempt may take before it fails with `RexTimeoutError`. */
  timeout?: number;
  /** How many times a failed call may be retried (see the retry rules in docs/sdk.md). */
  maxRetries?: number;
  /** Extra headers for this call; they win over the client's. */
  headers?: Record<string, string>;
  /**
   * ky hooks for this call, run after the client's `hooks` (the `hooks` option of `new Rex()`).
   * @example
   * await rex.contacts.get(id, undefined, {
   *   hooks: { beforeRequest: [(request) => request.headers.set('x-trace-id', traceId)] },
   * });
   */
  hooks?: Hooks;
}

/** The parsed result of a call together with the raw `Response`. */
export interface WithResponse<T> {
  /** What the call itself resolves to. */
  data: T;
  /** The `Response` of the attempt that succeeded (its body is already read). */
  response: Response;
  /** `X-Request-Id` of the response; quote it when contacting Rex. */
  requestId: string | undefined;
}

/** A call's promise: resolves to the parsed result; `.withResponse()` adds the raw response. */
export interface RexPromise<T> extends Promise<T> {
  /** Resolves to the result together with the `Response` and its `X-Request-Id`. */
  withResponse(): Promise<WithResponse<T>>;
}

/** Where the SDK reports what it does: `console`, or anything with the same four methods. */
export interface Logger {
  /** Each attempt and its outcome. */
  debug(message: string, ...rest: unknown[]): void;
  /** Each retry, with the wait before it. */
  info(message: string, ...rest: unknown[]): void;
  /** A call that failed after using all its retries. */
  warn(message: string, ...rest: unknown[]): void;
  /** Not used by this version; part of the console shape. */
  error(message: string, ...rest: unknown[]): void;
}

/** How much the SDK logs: a level and everything above it, or nothing (`off`). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

import { type Input, isHTTPError, isTimeoutError, type RetryOptions } from 'ky';
import { RexConnectionError, RexError } from '../errors.js';
import { inTestRunner } from './env.js';
import type { Log } from './log.js';

/** Longest wait a `Retry-After` may impose: a server asking for more gets this. */
export const MAX_RETRY_AFTER = 60_000;
/** Longest backoff between two attempts, whatever the attempt count. */
export const BACKOFF_LIMIT = 8_000;

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

// 408 and 429 mean Rex did not process the request, so any call may be sent again; a 5xx may
// come after the work was done, so only calls that are safe to repeat are.
const UNPROCESSED_STATUSES = [408, 429];
const SAFE_STATUSES = [408, 429, ...range(500, 600)];

// A connection that was never established cannot have reached Rex, so even a create may be
// sent again. Only runtimes that report the cause (Node, Bun, Deno) let us tell.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const CONNECTION_FAILURE: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ENOTFOUND: 'Host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'Connection reset',
  EPIPE: 'Connection reset',
  ETIMEDOUT: 'Connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'Connection timed out',
  UND_ERR_SOCKET: 'Connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
};

// Bodies that must be null in a `Response`.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The system error code somewhere in `error`'s cause chain (`fetch failed` → `ECONNREFUSED`). */
function causeCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

/** What one call asks of the transport. */
export interface Attempts {
  method: string;
  url: string;
  /** Attempts after the first, at most. */
  limit: number;
  /** Whether the route is safe to repeat whatever happened (`Route.idempotent`). */
  idempotent: boolean;
  /** The `fetch` to call: the client's, or the global one read at call time. */
  fetch: typeof fetch | undefined;
  maxResponseBytes: number;
  /** Whether `afterResponse` hooks will read the response (then it must keep a body). */
  hooksReadResponses: boolean;
  signal: AbortSignal | undefined;
  log: Log | undefined;
}

/**
 * The `fetch` and `retry` options of one ky request, and how the call ended, for the message of
 * the final error. ky owns the loop, the waits, `Retry-After` and the per-attempt timer; these
 * options only say which outcomes of this endpoint may be retried, read each body inside the
 * attempt (so ky's timer covers it) and report what happens.
 */
export function transport(call: Attempts): {
  fetch: (input: Input, init?: RequestInit) => Promise<Response>;
  retry: RetryOptions;
  attempts: () => number;
} {
  const { method, url, limit, idempotent, log } = call;
  const target = `${method} ${url}`;
  const statusCodes = idempotent ? SAFE_STATUSES : UNPROCESSED_STATUSES;
  let attempt = 0;
  let started = 0;
  // Why the last attempt failed, for the line that reports its retry.
  let reason = '';

  const fetchAttempt = async (input: Input, init?: RequestInit): Promise<Response> => {
    // ky always passes the `Request` it built, whose signal is the attempt's.
    const request = input as Request;
    attempt++;
    reason = 'a hook asked for it';
    if (log?.debug) {
      log.debug(`${target}: attempt ${attempt} of ${limit + 1}`);
      started = performance.now();
    }
    let response: Response;
    let text: string;
    try {
      try {
        // Read at call time, so a `fetch` patched after the client was made (MSW) is the one
        // used; called unbound, since browsers refuse a `fetch` called on another object.
        const fetcher = call.fetch ?? globalThis.fetch;
        response = await fetcher(input, init);
      } catch (cause) {
        // Aborted by ky's timer (ky reports the timeout) or by the caller (the call rejects
        // with the signal's reason): not a connection failure.
        if (request.signal.aborted) throw cause;
        throw connectionError(target, cause, url, '');
      }
      text = await readText(response, request.signal, call.maxResponseBytes, target);
    } catch (error) {
      if (log?.debug) {
        const outcome = request.signal.aborted
          ? 'aborted (timeout or cancelled)'
          : error instanceof RexConnectionError
            ? `no answer (${error.code ?? 'connection failed'})`
            : 'body over maxResponseBytes';
        log.debug(`${target}: ${outcome} after ${Math.round(performance.now() - started)} ms`);
      }
      throw error;
    }
    if (log?.debug) {
      log.debug(`${target}: ${response.status} in ${Math.round(performance.now() - started)} ms`);
    }
    if (!call.hooksReadResponses) {
      bodies.set(response, text);
      return response;
    }
    // afterResponse hooks get a clone of what this returns: it needs a body to clone.
    const { status, statusText, headers } = response;
    const copy = new Response(NULL_BODY.has(status) ? null : text, { status, statusText, headers });
    // `url` is the one property a constructed `Response` cannot take; keep the fetched one.
    Object.defineProperty(copy, 'url', { value: response.url });
    bodies.set(copy, text);
    return copy;
  };

  const report = (wait: string) => log?.info?.(`${target}: ${reason}; retry ${attempt} of ${limit} ${wait}`);

  const retry: RetryOptions = {
    limit,
    // Every method reaches `shouldRetry`; what is retried is decided per endpoint below.
    methods: [method],
    statusCodes,
    afterStatusCodes: statusCodes,
    maxRetryAfter: MAX_RETRY_AFTER,
    backoffLimit: BACKOFF_LIMIT,
    // Full jitter, as ky's `jitter: true`, as a function so that each wait is reported before
    // it starts. ky's default delay doubles from 0.3 s; `backoffLimit` caps it.
    jitter: (delay) => {
      const wait = Math.random() * delay;
      report(`in ${Math.round(Math.min(wait, BACKOFF_LIMIT))} ms`);
      return wait;
    },
    retryOnTimeout: idempotent,
    shouldRetry: ({ error }) => {
      if (call.signal?.aborted) return false;
      if (isHTTPError(error)) {
        const { status, headers } = error.response;
        reason = String(status);
        if (!statusCodes.includes(status)) return false;
        // Without `Retry-After` ky would wait until `X-RateLimit-Reset`, which Rex sends on
        // every response (a plain 503 would wait for the next rate-limit window): back off.
        if (!headers.has('retry-after')) return true;
        report(`after Retry-After: ${headers.get('retry-after')} (at most ${MAX_RETRY_AFTER / 1000} s)`);
        return undefined; // ky waits as Retry-After says, capped at maxRetryAfter
      }
      if (error instanceof RexConnectionError) {
        reason = error.code ?? 'connection failed';
        return idempotent || (error.code !== undefined && NOT_SENT.has(error.code));
      }
      if (isTimeoutError(error)) {
        reason = 'timed out';
        return undefined; // ky's retryOnTimeout: safe calls only
      }
      // The body was over maxResponseBytes (downloading it again would not help), or a hook threw.
      return false;
    },
  };
  return { fetch: fetchAttempt, retry, attempts: () => attempt };
}

/** A `RexConnectionError` that names the request and the cause. */
function connectionError(target: string, cause: unknown, url: string, during: string): RexConnectionError {
  const code = causeCode(cause);
  const what = (code && CONNECTION_FAILURE[code]) ?? 'Connection failed';
  let message = `${what}${during}: ${target}${code ? ` (${code})` : ''}`;
  // A test that talks to a tenant URL without the mock listening reaches for the real host.
  if (
    code &&
    NOT_SENT.has(code) &&
    /^https?:\/\/[^/]*\.rexgtm\.com(?::\d+)?\//i.test(url) &&
    inTestRunner()
  ) {
    message += ' — no mock answered: call server.listen() (setupRexServer) first';
  }
  return new RexConnectionError(message, code, { cause });
}

/** Bodies the transport has read, by response: read once, inside the attempt. */
const bodies = new WeakMap<Response, string>();

/** The text of `response`'s body, as read within its attempt (or read now, for a response a hook made). */
export const textOf = (response: Response): string | Promise<string> =>
  bodies.get(response) ?? response.text();

/**
 * Reads `response`'s body as text within the attempt (under ky's timer, and stopped by
 * `signal`), refusing one over `max` bytes.
 */
async function readText(
  response: Response,
  signal: AbortSignal,
  max: number,
  target: string,
): Promise<string> {
  const { body, headers } = response;
  if (body === null) return '';
  const tooLarge = () => {
    void body.cancel().catch(() => {});
    return new RexError(
      `Rex's answer is larger than maxResponseBytes (${max} bytes): ${target}; raise maxResponseBytes or ask for less (limit, fields)`,
    );
  };
  const broken = (cause: unknown) =>
    cause instanceof RexError || signal.aborted
      ? cause
      : // The answer started and broke off: the server may have acted, so this is no "not sent".
        connectionError(target, cause, '', ' while reading the body');

  const declared = headers.get('content-length');
  if (declared !== null) {
    if (Number(declared) > max) throw tooLarge();
    // The size is known and allowed (the runtime holds the body to it): its own reader is
    // faster than a loop of ours.
    try {
      return await response.text();
    } catch (cause) {
      throw broken(cause);
    }
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // A runtime that does not stop a body when the request is aborted (an interceptor) is
  // stopped here, so an abandoned attempt does not keep reading.
  const stop = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', stop);
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > max) throw tooLarge();
      text += decoder.decode(value, { stream: true });
    }
  } catch (cause) {
    throw broken(cause);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

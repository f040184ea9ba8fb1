import type { ApiError, Envelope } from '@rex/types';
import { encodeQuery, type QueryValue, validate } from '@rex/types';
import {
  AuthenticationError,
  errorClassFor,
  RexConnectionError,
  RexError,
  RexTimeoutError,
  ValidationError,
} from '../errors.js';
import type { RequestOptions, RexPromise, WithResponse } from '../types.js';

/** What a client hands its resources: resolved options, shared by every call. */
export interface Config {
  apiKey: string | undefined;
  baseUrl: string;
  timeout: number;
  maxRetries: number;
  headers: Record<string, string> | undefined;
  fetch: typeof fetch | undefined;
}

/** A request schema from `@rex/types`, as `validate` takes it. */
type Schema = Parameters<typeof validate>[0];

/** The wait between attempts. Not public: tests swap `sleep` to run retries without waiting. */
export const timing = {
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const abort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', abort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', abort, { once: true });
    }),
};

// A connection that was never established cannot have reached Rex, so even a create may be
// sent again. Only runtimes that report the cause (Node, Bun, Deno) let us tell.
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$/;

const backoff = (attempt: number, response: Response | undefined): number => {
  const header = response?.headers.get('retry-after');
  let ms = header ? (Number.isNaN(+header) ? Date.parse(header) - Date.now() : +header * 1000) : Number.NaN;
  // 0.5 s doubling up to 8 s, with "equal jitter" (half fixed, half random) to spread clients out.
  if (!(ms >= 0)) ms = Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
  // A `Retry-After` over a minute is capped to one.
  return Math.min(ms, 60_000);
};

function toApiError(response: Response, text: string, where: string): RexError {
  const { status, headers } = response;
  let error: Partial<Record<keyof ApiError, unknown>> | undefined;
  try {
    error = JSON.parse(text).error;
  } catch {
    // Not JSON: a proxy's HTML page, say. The status still picks the class.
  }
  const { code, message, param, details } = error ?? {};
  const body: ApiError = {
    code: typeof code === 'string' ? code : status >= 500 ? 'internal_error' : 'unknown_error',
    message: typeof message === 'string' ? message : `Rex answered ${status}`,
    ...(typeof param === 'string' && { param }),
    ...(details !== null && typeof details === 'object' && { details: details as Record<string, unknown> }),
  };
  return new (errorClassFor(status))(`${body.message}: ${where}`, body, status, headers);
}

// Whether a schema accepts a call made without params (`rex.contacts.get(id)`), worked out
// once per schema: most calls pass none, and this spares them a validation that cannot fail.
const empty = new WeakMap<Schema, boolean>();
const acceptsNothing = (schema: Schema): boolean => {
  let accepts = empty.get(schema);
  if (accepts === undefined) {
    accepts = validate(schema, {}).success;
    empty.set(schema, accepts);
  }
  return accepts;
};

/**
 * Sends one API call with validation, auth, per-attempt timeouts and retries, and maps the
 * body with `map`.
 *
 * The transport is `fetch` itself (see docs/decisions.md, "Transport"): the retry rules are
 * per endpoint, the timeout is per attempt, and nothing else stands between the call and fetch.
 */
async function send<T>(
  config: Config,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  params: unknown,
  options: RequestOptions,
  schema: Schema | undefined,
  map: (body: unknown, response: Response) => T,
): Promise<WithResponse<T>> {
  const where = `${method} ${path}`;
  if (schema && (params !== undefined || !acceptsNothing(schema))) {
    const result = validate(schema, params ?? {});
    if (!result.success) throw new ValidationError(`${result.error.message}: ${where}`, result.error);
  }
  // `POST /capture` is public; it never carries a key, even one set in headers.
  const auth = path !== '/capture';
  const headers = new Headers(config.headers);
  headers.set('accept', 'application/json');
  if (config.apiKey) headers.set('x-api-key', config.apiKey);
  if (options.headers) {
    new Headers(options.headers).forEach((value, name) => {
      headers.set(name, value);
    });
  }
  if (!auth) headers.delete('x-api-key');
  else if (!headers.has('x-api-key')) {
    const message = 'No API key: pass `apiKey` to new Rex() or set REX_API_KEY';
    throw new AuthenticationError(`${message}: ${where}`, { code: 'unauthorized', message });
  }

  // Repeating these leaves Rex as one attempt would: reads, PATCH, DELETE and the upserts
  // (`/contacts/upsert`, `/companies/upsert`, `/capture`). A create or a merge is not.
  const idempotent = method !== 'POST' || /upsert|capture/.test(path);
  const get = method === 'GET';
  const query = get && params ? encodeQuery(params as Record<string, QueryValue>) : '';
  // Timers cannot wait longer than 2^31 - 1 ms (Node fires them at once); longer means "none".
  const timeout = Math.min(options.timeout ?? config.timeout, 2_147_483_647);
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const { signal } = options;
  const url = config.baseUrl + path + (query && `?${query}`);
  let body: string | null = null;
  if (!get && method !== 'DELETE' && params !== undefined) {
    body = JSON.stringify(params);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }

  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    // One controller per attempt: it aborts on this attempt's timeout or on the caller's signal.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward);
    let response: Response | undefined;
    let text = '';
    let error: RexError | undefined;
    try {
      // Read at call time, so a `fetch` patched after the client was made (MSW) is the one used;
      // called unbound, since browsers refuse a `fetch` called on another object.
      const fetcher = config.fetch ?? globalThis.fetch;
      response = await fetcher(url, { method, headers, body, signal: controller.signal });
      // The timeout covers the body too: a stalled body fails the attempt like a stalled answer.
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      response = undefined;
      error = timedOut
        ? new RexTimeoutError(`Timed out after ${timeout} ms: ${where}`, { cause })
        : new RexConnectionError(`Connection failed: ${where}`, { cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
    if (response?.ok) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (cause) {
        throw new RexError(`Rex sent a body that is not JSON: ${where}`, { cause });
      }
      return {
        data: map(data, response),
        response,
        requestId: response.headers.get('x-request-id') ?? undefined,
      };
    }
    const status = response?.status;
    if (response) error = toApiError(response, text, where);
    const retry =
      attempt < maxRetries &&
      // 408 and 429 mean Rex did not process the request; a refused connection never reached it.
      (status === 408 ||
        status === 429 ||
        (idempotent && (status === undefined || status >= 500)) ||
        (status === undefined &&
          NOT_SENT.test(String((error! as { cause?: { cause?: { code?: unknown } } }).cause?.cause?.code))));
    if (!retry) throw error!;
    signal?.throwIfAborted();
    await timing.sleep(backoff(attempt, response), signal);
  }
}

const noop = (): void => {};

/** The `map` of single-entity calls: unwraps `{ data }`. */
export const unwrap = <T>(body: unknown): T => (body as Envelope<T>).data;

/**
 * Starts a call and returns its {@link RexPromise}.
 * @internal
 */
export function call<T>(
  config: Config,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  params: unknown,
  options: RequestOptions | undefined,
  schema?: Schema,
  map: (body: unknown, response: Response) => T = unwrap,
): RexPromise<T> {
  const raw = send(config, method, path, params, options ?? {}, schema, map);
  const promise = raw.then((result) => result.data) as RexPromise<T>;
  // Callers that only use `.withResponse()` never await `promise`; keep its rejection from
  // being reported as unhandled. Awaiting it still throws.
  promise.catch(noop);
  promise.withResponse = () => raw;
  return promise;
}

/** The function resources call: {@link call} bound to one client's config. */
export type Caller = <T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  params: unknown,
  options: RequestOptions | undefined,
  schema?: Schema,
  map?: (body: unknown, response: Response) => T,
) => RexPromise<T>;

import type { ApiError, Envelope } from '@rex/types';
import { encodeQuery, type QueryValue, validate } from '@rex/types';
import ky, { type Options as KyOptions, TimeoutError } from 'ky';
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

async function toApiError(response: Response, where: string): Promise<RexError> {
  const { status, headers } = response;
  let error: Partial<Record<keyof ApiError, unknown>> | undefined;
  try {
    error = JSON.parse(await response.text()).error;
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

/**
 * Sends one API call with validation, auth, per-attempt timeouts and retries, and maps the
 * body with `map`.
 *
 * Retries are our loop around ky (`retry: 0`), not ky's: ky retries by method only and its
 * `timeout` spans all attempts, while Rex needs per-endpoint rules and per-attempt timeouts.
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
  if (schema) {
    const result = validate(schema, params ?? {});
    if (!result.success) throw new ValidationError(`${result.error.message}: ${where}`, result.error);
  }
  // `POST /capture` is public; it never carries a key, even one set in headers.
  const auth = path !== '/capture';
  const headers = new Headers(config.headers);
  headers.set('accept', 'application/json');
  if (config.apiKey) headers.set('x-api-key', config.apiKey);
  new Headers(options.headers).forEach((value, name) => {
    headers.set(name, value);
  });
  if (!auth) headers.delete('x-api-key');
  else if (!headers.has('x-api-key')) {
    const message = 'No API key: pass `apiKey` to new Rex() or set REX_API_KEY';
    throw new AuthenticationError(`${message}: ${where}`, { code: 'unauthorized', message });
  }

  // Repeating these leaves Rex as one attempt would: reads, PATCH, DELETE and the upserts
  // (`/contacts/upsert`, `/companies/upsert`, `/capture`). A create or a merge is not.
  const idempotent = method !== 'POST' || /upsert|capture/.test(path);
  const get = method === 'GET';
  const query = get ? encodeQuery(params as Record<string, QueryValue>) : '';
  // ky refuses timeouts over 2^31 - 1 ms (setTimeout's limit); longer ones mean "none" anyway.
  const timeout = Math.min(options.timeout ?? config.timeout, 2_147_483_647);
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const { signal } = options;
  const init: KyOptions = { method, headers, timeout, retry: 0, throwHttpErrors: false };
  if (!get && method !== 'DELETE') init.json = params;
  if (signal) init.signal = signal;
  if (config.fetch) init.fetch = config.fetch;

  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    let response: Response | undefined;
    let error: RexError;
    try {
      response = await ky(config.baseUrl + path + (query && `?${query}`), init);
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      error =
        cause instanceof TimeoutError
          ? new RexTimeoutError(`Timed out after ${timeout} ms: ${where}`, { cause })
          : new RexConnectionError(`Connection failed: ${where}`, { cause });
    }
    if (response?.ok) {
      let body: unknown;
      try {
        body = JSON.parse(await response.text());
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        throw new RexError(`Rex sent a body that is not JSON: ${where}`, { cause });
      }
      return {
        data: map(body, response),
        response,
        requestId: response.headers.get('x-request-id') ?? undefined,
      };
    }
    const status = response?.status;
    if (response) error = await toApiError(response, where);
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

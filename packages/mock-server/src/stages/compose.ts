import type { ApiKeyScope } from '../options.js';
import type { RateLimitState } from './rate-limit.js';
import type { RouteMatch } from './router.js';

/**
 * A request as the pipeline sees it, whatever the transport: MSW's Fetch `Request` and
 * node:http's `IncomingMessage` are each turned into one at their adapter's edge.
 */
export interface MockRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The path as received, percent-encoded, without the query. */
  readonly path: string;
  /** The query string without `?` (empty when there is none). */
  readonly search: string;
  /** A header by lower-case name, or `null`. */
  header(name: string): string | null;
  /**
   * The body bytes, reading at most `limit + 1` bytes so a huge body is never held whole (one
   * byte more than the limit is enough to refuse it).
   */
  body(limit: number): Promise<Uint8Array>;
}

/** An answer as the pipeline makes it: a status, headers and a JSON text (or nothing). */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
  /** Fail at the network level instead (an injected fault). */
  networkError?: true;
}

/** Who is calling: the org a key reads and writes, and what its scope allows. */
export interface Caller {
  org: string;
  scope: ApiKeyScope;
}

/** The state of one request as it moves through the stages. */
export interface Context {
  readonly req: MockRequest;
  /** The method routed by: `HEAD` is answered as `GET`. */
  readonly method: string;
  /** The path relative to the base URL, decoded segments not yet split. */
  path: string;
  readonly requestId: string;
  /** `X-Api-Key`, as sent. */
  readonly key: string | null;
  route?: RouteMatch;
  /** The key's org and scope; absent for a call without a key. */
  caller?: Caller;
  /** The rate-limit bucket the request counts against, once known. */
  bucket: string | null;
  rate?: RateLimitState;
  /** The request body as text, once read (for the journal). */
  text?: string;
  query: Record<string, unknown>;
  body: unknown;
  res?: MockResponse;
  /** Whether the request is an admin (`/__rex/*`) call: no CORS, no journal entry. */
  admin: boolean;
}

/**
 * One step of the request path; it answers (sets `ctx.res`) or calls `next()`. `next()` returns
 * a promise only when a later stage is asynchronous (reads the body, sleeps): most of the path
 * runs synchronously.
 */
export type Stage = (ctx: Context, next: () => Promise<void> | void) => Promise<void> | void;

const DONE: Promise<void> = Promise.resolve();

/**
 * Runs stages in order, each deciding whether the next one runs (hono's `compose`). Errors
 * propagate to the caller, which turns them into a response in one place. The stages run
 * synchronously until one returns a promise: no promise or closure per stage is made for the
 * synchronous ones (ours: the request path's own cost, measured in bench/profile.ts).
 */
export function compose(stages: readonly Stage[]): (ctx: Context) => Promise<void> {
  return (ctx) => {
    const dispatch = (i: number): Promise<void> | void => {
      const stage = stages[i];
      if (stage) return stage(ctx, () => dispatch(i + 1));
    };
    try {
      return dispatch(0) ?? DONE;
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Sets a JSON answer on the context. */
export function answer(
  ctx: Context,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  ctx.res = { status, headers, body: body === null ? null : JSON.stringify(body) };
}

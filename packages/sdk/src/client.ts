import type { CapturedContact, QueryValue, Route, RouteMethod } from '@rex/types';
import { CaptureParams, isHttpUrl, ROUTES } from '@rex/types';
import type { Hooks } from 'ky';
import { RexError } from './errors.js';
import { env } from './internal/env.js';
import { createLog, isLogLevel } from './internal/log.js';
import { type Caller, type Config, call, type Mapper } from './internal/request.js';
import { Activities } from './resources/activities.js';
import { ApiKeys } from './resources/api-keys.js';
import { Companies } from './resources/companies.js';
import { Contacts } from './resources/contacts.js';
import { Deals } from './resources/deals.js';
import { Events } from './resources/events.js';
import { Pipelines } from './resources/pipelines.js';
import { Products } from './resources/products.js';
import type { Resource } from './resources/resource.js';
import { Tasks } from './resources/tasks.js';
import { Webhooks } from './resources/webhooks.js';
import type { Logger, LogLevel, RequestOptions, RexPromise } from './types.js';

/** Options of {@link Rex}. */
export interface RexOptions {
  /**
   * API key, sent as `X-Api-Key` [Rex] — `rex_live_…` (production) or `rex_test_…` (sandbox).
   * Optional: `capture` needs none; other calls without one fail with `AuthenticationError`.
   * @default process.env.REX_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * Your tenant's URL, `https://{subdomain}.rexgtm.com` [Rex], with its `http(s)://` scheme.
   * @default process.env.REX_URL
   */
  baseUrl?: string | undefined;
  /**
   * Milliseconds each attempt may take, body included, before it fails with `RexTimeoutError`.
   * @default 60000
   */
  timeout?: number;
  /**
   * How many times a failed call may be retried (see docs/sdk.md for which calls are).
   * @default 2
   */
  maxRetries?: number;
  /**
   * Largest response body accepted, in bytes; a bigger one fails with a `RexError` saying so,
   * and is not downloaded again.
   * @default 33554432 (32 MiB)
   */
  maxResponseBytes?: number;
  /**
   * A `fetch` to use instead of the global one (a proxy, a test double, a framework's fetch).
   * It is called with a `Request` whose `signal` carries the timeout and your cancellation:
   * it must honour it.
   */
  fetch?: typeof fetch;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /**
   * ky hooks run on every call, in addition to the SDK's own work — for logging, tracing and
   * metrics: `beforeRequest` and `afterResponse` once per attempt, `beforeRetry` before each
   * retry, `beforeError` on each attempt answered with an error status (ky 1.14 runs it before
   * deciding to retry). Per-call `hooks` run after these.
   * @example
   * const rex = new Rex({
   *   hooks: { afterResponse: [(request, _options, response) => metrics.count(request.method, response.status)] },
   * });
   */
  hooks?: Hooks;
  /**
   * Where to log: `console` or anything with its `debug`, `info`, `warn` and `error` methods.
   * @default console
   */
  logger?: Logger;
  /**
   * How much to log: `debug` (every attempt and its outcome), `info` (every retry and the wait
   * before it), `warn` (calls that failed after retrying), or `off`.
   * @default process.env.REX_LOG, else `warn` when a `logger` is given, else `off`
   */
  logLevel?: LogLevel;
  /**
   * Allow a `rex_live_` key in a browser, where every visitor can read it. Leave off unless the
   * page is private to the key's owner.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of {@link Rex.request}: the per-call options, a query and a JSON body. */
export interface RawRequestOptions extends RequestOptions {
  /** The query string, as an object: arrays are sent comma-separated, as Rex expects. */
  query?: Record<string, QueryValue> | undefined;
  /** The JSON body. */
  body?: unknown;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

// The facts of a known endpoint, found by method and path, for the escape hatch: the key rule
// and the retry rule of `POST /contacts/upsert` are the ones `rex.contacts.upsert()` uses.
let patterns: [RegExp, Route][] | undefined;
function routeFor(method: RouteMethod, path: string): Route {
  patterns ??= Object.values(ROUTES).map((route): [RegExp, Route] => [
    new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
    route,
  ]);
  const bare = path.split('?')[0]!;
  const matches = patterns.filter(([pattern, route]) => route.method === method && pattern.test(bare));
  // A literal path (`/contacts/upsert`) wins over a parameter (`/contacts/{id}`).
  const known = matches.find(([, route]) => !route.path.includes('{')) ?? matches[0];
  if (known) return { ...known[1], path };
  // An endpoint this version does not know: a key is needed, and only a POST is unsafe to repeat.
  return { method, path, access: method === 'GET' ? 'read' : 'write', idempotent: method !== 'POST' };
}

/** The client's properties that hold a resource. */
type ResourceName = { [K in keyof Rex]: Rex[K] extends Resource ? K : never }[keyof Rex];

/**
 * The resources, by the client property that holds each: the constructor makes one of each, so
 * a resource declared on {@link Rex} and missing here does not compile.
 */
const RESOURCES: { readonly [K in ResourceName]: new (call: Caller) => Rex[K] } = {
  contacts: Contacts,
  companies: Companies,
  events: Events,
  deals: Deals,
  pipelines: Pipelines,
  activities: Activities,
  tasks: Tasks,
  products: Products,
  apiKeys: ApiKeys,
  webhooks: Webhooks,
};

/** The escape hatch's `map`: the parsed body as it is, envelope included. */
const asIs: Mapper<never> = (body) => body as never;

/**
 * The Rex API client.
 * @example
 * import { Rex } from '@rex/sdk';
 * const rex = new Rex({ apiKey: 'rex_test_…', baseUrl: 'https://acme.rexgtm.com' });
 * const { data, created } = await rex.contacts.upsert({ email: 'ada@example.com', title: 'CTO' });
 */
export class Rex {
  /** Contacts: create, list, get, update, delete, upsert, merge, listDeals, listActivities, listTasks. */
  declare readonly contacts: Contacts;
  /** Companies: create, list, get, update, delete, upsert, listContacts, listDeals. */
  declare readonly companies: Companies;
  /** The event log: list. */
  declare readonly events: Events;
  /** Deals: create, list, get, update, delete, moveStage, history, listActivities, listTasks. */
  declare readonly deals: Deals;
  /** Pipelines and their stages: create, list, get, update, delete, listDeals, addStage, reorderStages, deleteStage. */
  declare readonly pipelines: Pipelines;
  /** Activities (calls, emails, meetings, notes): create, list, get, update, delete. */
  declare readonly activities: Activities;
  /** Tasks: create, list, get, update, delete. */
  declare readonly tasks: Tasks;
  /** Products: create, list, get, update, delete. */
  declare readonly products: Products;
  /** API keys: create (resolves to `{ data, key }`), list, delete. Needs a `read-write` key. */
  declare readonly apiKeys: ApiKeys;
  /** Webhook subscriptions: create (resolves to `{ data, secret }`), list, get, update, delete, listDeliveries, ping, replay. */
  declare readonly webhooks: Webhooks;
  /** The API's root URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #call: Caller;

  /**
   * @throws {RexError} when no base URL is given or set in `REX_URL`, when it does not start with
   * `http://` or `https://`, or when a `rex_live_` key is used in a browser without
   * `dangerouslyAllowBrowser`
   */
  constructor(options: RexOptions = {}) {
    const apiKey = options.apiKey ?? env('REX_API_KEY');
    const baseUrl = options.baseUrl ?? env('REX_URL');
    if (!baseUrl) {
      throw new RexError('No base URL: pass baseUrl (https://{subdomain}.rexgtm.com) or set REX_URL');
    }
    if (!isHttpUrl(baseUrl)) {
      throw new RexError(
        `baseUrl must be an http(s) URL such as https://acme.rexgtm.com, got ${JSON.stringify(baseUrl)}`,
      );
    }
    if (
      apiKey?.startsWith('rex_live_') &&
      'window' in globalThis &&
      'document' in globalThis &&
      !options.dangerouslyAllowBrowser
    ) {
      throw new RexError(
        'A rex_live_ key in a browser is visible to every visitor: call Rex from a server, or set dangerouslyAllowBrowser',
      );
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    headers.accept = 'application/json';
    if (apiKey) headers['x-api-key'] = apiKey;
    const fromEnv = env('REX_LOG');
    const level = options.logLevel ?? (isLogLevel(fromEnv) ? fromEnv : options.logger ? 'warn' : 'off');
    const config: Config = {
      baseUrl: this.baseUrl,
      headers,
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      fetch: options.fetch,
      hooks: options.hooks,
      log: createLog(options.logger ?? console, level),
    };
    this.#call = (spec) => call(config, spec);
    for (const [name, Resource] of Object.entries(RESOURCES)) {
      (this as Record<string, unknown>)[name] = new Resource(this.#call);
    }
  }

  /**
   * Records a public form submission (`POST /capture`) [Rex] — upserts the contact by email. Sent
   * without the API key, so it works from a browser with no key at all; safe to retry.
   * @example
   * await new Rex({ baseUrl: 'https://acme.rexgtm.com' }).capture({ email: 'ada@example.com' });
   */
  capture(params: CaptureParams, options?: RequestOptions): RexPromise<CapturedContact> {
    return this.#call({ route: ROUTES.capture, body: params, schema: CaptureParams, options });
  }

  /**
   * Calls any Rex endpoint — one this SDK has no method for yet — with the same key, retries,
   * timeouts, hooks and errors as the typed methods. Resolves to the parsed JSON body as Rex
   * sent it, envelope included (`{ data }`, `{ data, meta }`), as openai-node's `client.get()`
   * does; an empty body resolves to `undefined`. Nothing is validated before sending.
   *
   * Retries follow the endpoint's facts when it is one this version knows (`POST
   * /contacts/upsert` is safe to repeat); otherwise GET, PUT, PATCH and DELETE are, and a POST
   * is retried only when Rex did not process it (429, 408, connection refused).
   * @typeParam T - what the body holds; not checked
   * @param path - the path after the base URL, such as `/deals/deal_…`
   * @example
   * const { data } = await rex.request<{ data: Deal }>('POST', '/deals', { body: { name: 'Acme renewal' } });
   */
  request<T = unknown>(method: RouteMethod, path: string, options: RawRequestOptions = {}): RexPromise<T> {
    const { query, body, ...rest } = options;
    const route = routeFor(method, path.startsWith('/') ? path : `/${path}`);
    return this.#call<T>({ route, query, body, map: asIs, options: rest });
  }

  /**
   * `GET path` through {@link Rex.request}.
   * @example
   * const page = await rex.get<{ data: Deal[]; meta: { cursor: string | null; has_more: boolean } }>('/deals', { query: { limit: 10 } });
   */
  get<T = unknown>(path: string, options?: RawRequestOptions): RexPromise<T> {
    return this.request<T>('GET', path, options);
  }

  /** `POST path` through {@link Rex.request}; `options.body` is the JSON body. */
  post<T = unknown>(path: string, options?: RawRequestOptions): RexPromise<T> {
    return this.request<T>('POST', path, options);
  }

  /** `PATCH path` through {@link Rex.request}; `options.body` is the JSON body. */
  patch<T = unknown>(path: string, options?: RawRequestOptions): RexPromise<T> {
    return this.request<T>('PATCH', path, options);
  }

  /** `PUT path` through {@link Rex.request}; `options.body` is the JSON body. */
  put<T = unknown>(path: string, options?: RawRequestOptions): RexPromise<T> {
    return this.request<T>('PUT', path, options);
  }

  /** `DELETE path` through {@link Rex.request}. */
  delete<T = unknown>(path: string, options?: RawRequestOptions): RexPromise<T> {
    return this.request<T>('DELETE', path, options);
  }
}

import type { Contact } from '@rex/types';
import { CaptureParams } from '@rex/types';
import { RexError } from './errors.js';
import { type Caller, type Config, call } from './internal/request.js';
import { Companies } from './resources/companies.js';
import { Contacts } from './resources/contacts.js';
import { Events } from './resources/events.js';
import type { RequestOptions, RexPromise } from './types.js';

/** Options of {@link Rex}. */
export interface RexOptions {
  /**
   * API key, sent as `X-Api-Key` [Rex] — `rex_live_…` (production) or `rex_test_…` (sandbox).
   * Optional: `capture` needs none; other calls without one fail with `AuthenticationError`.
   * @default process.env.REX_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * Your tenant's URL, `https://{subdomain}.rexgtm.com` [Rex].
   * @default process.env.REX_URL
   */
  baseUrl?: string | undefined;
  /**
   * Milliseconds each attempt may take before it fails with `RexTimeoutError`.
   * @default 60000
   */
  timeout?: number;
  /**
   * How many times a failed call may be retried (see docs/sdk.md for which calls are).
   * @default 2
   */
  maxRetries?: number;
  /**
   * A `fetch` to use instead of the global one (a proxy, a test double, a framework's fetch).
   * It must honour `init.signal`: timeouts and cancellation stop a request through it.
   */
  fetch?: typeof fetch;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /**
   * Allow a `rex_live_` key in a browser, where every visitor can read it. Leave off unless the
   * page is private to the key's owner.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

// Guarded: browsers and edge runtimes have no `process`, and Deno throws without --allow-env.
const env = (name: string): string | undefined => {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
};

/**
 * The Rex API client.
 * @example
 * import { Rex } from '@rex/sdk';
 * const rex = new Rex({ apiKey: 'rex_test_…', baseUrl: 'https://acme.rexgtm.com' });
 * const { data, created } = await rex.contacts.upsert({ email: 'ada@example.com', title: 'CTO' });
 */
export class Rex {
  /** Contacts: create, list, get, update, delete, upsert, merge. */
  readonly contacts: Contacts;
  /** Companies: create, list, get, update, delete, upsert, listContacts. */
  readonly companies: Companies;
  /** The event log: list. */
  readonly events: Events;
  /** The API's root URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #call: Caller;

  /**
   * @throws {RexError} when no base URL is given or set in `REX_URL`, or when a `rex_live_` key
   * is used in a browser without `dangerouslyAllowBrowser`
   */
  constructor(options: RexOptions = {}) {
    const apiKey = options.apiKey ?? env('REX_API_KEY');
    const baseUrl = options.baseUrl ?? env('REX_URL');
    if (!baseUrl) {
      throw new RexError('No base URL: pass baseUrl (https://{subdomain}.rexgtm.com) or set REX_URL');
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
    const config: Config = {
      apiKey,
      baseUrl: this.baseUrl,
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      headers: options.headers,
      fetch: options.fetch,
    };
    this.#call = (...args) => call(config, ...args);
    this.contacts = new Contacts(this.#call);
    this.companies = new Companies(this.#call);
    this.events = new Events(this.#call);
  }

  /**
   * Records a public form submission (`POST /capture`) [Rex] — upserts the contact by email. Sent
   * without the API key, so it works from a browser with no key at all; safe to retry.
   * @example
   * await new Rex({ baseUrl: 'https://acme.rexgtm.com' }).capture({ email: 'ada@example.com' });
   */
  capture(params: CaptureParams, options?: RequestOptions): RexPromise<Contact> {
    return this.#call('POST', '/capture', params, options, CaptureParams);
  }
}

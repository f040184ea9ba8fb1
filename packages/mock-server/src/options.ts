import type {
  Company,
  CompanyCreateParams,
  Contact,
  ContactCreateParams,
  Event,
  Webhook,
  WebhookSeed,
} from '@rex/types';
import type { RequestHandler } from 'msw';
import type { JournalFilter } from './admin/journal.js';
import type { IdGenerator } from './engine/random.js';
import type { ActiveFault, FaultRule } from './stages/fault-rules.js';

/** What a key may call [Rex] — `read` (GET only), `read-write`, `capture-only` (`POST /capture`). */
export type ApiKeyScope = 'read' | 'read-write' | 'capture-only';

/** One API key the mock accepts when `apiKeys` is set. */
export interface ApiKeyConfig {
  /** The key, sent in `X-Api-Key`; any prefix. */
  key: string;
  /** The org the key reads and writes; keys naming the same org share its data. */
  org: string;
  /** What the key may call. */
  scope: ApiKeyScope;
}

/** A contact to seed: create params, plus an optional fixed `id` and timestamps. */
export type ContactSeed = ContactCreateParams & { id?: string; created_at?: string; updated_at?: string };

/** A company to seed: create params, plus an optional fixed `id` and timestamps. */
export type CompanySeed = CompanyCreateParams & { id?: string; created_at?: string; updated_at?: string };

/**
 * Records to load into one org, validated like create requests. Companies are loaded first so
 * contacts can name them in `company_id`. Seeding emits no events.
 */
export interface SeedInput {
  /** Seed the org of this key (its own org in default mode, its configured org with `apiKeys`). */
  key?: string;
  /** Seed the org with this name, when no `key` is given. @default 'default' */
  org?: string;
  contacts?: readonly ContactSeed[];
  companies?: readonly CompanySeed[];
  /** Webhook subscriptions, each with the `secret` its deliveries are signed with. */
  webhooks?: readonly (WebhookSeed & { id?: string; created_at?: string; updated_at?: string })[];
}

/** A webhook subscription as stored: what Rex returns, and the secret it signs deliveries with. */
export type StoredWebhook = Webhook & { secret: string };

/** What `seed()` loaded: the org and the stored records (with their ids). */
export interface SeedResult {
  org: string;
  contacts: Contact[];
  companies: Company[];
  webhooks: StoredWebhook[];
}

/** One request the mock answered (admin routes excluded). */
export interface JournalEntry {
  method: string;
  /** Path without the query, relative to `baseUrl`. */
  path: string;
  /** The query string without `?` (empty when there was none). */
  query: string;
  /** Status answered; `0` for an injected network error. */
  status: number;
  /** The `X-Api-Key` sent, or `null`. */
  key: string | null;
  /** When it was answered, by the injected clock (ISO 8601). */
  time: string;
  /** How long the mock took to answer, in milliseconds (wall clock). */
  durationMs: number;
  requestId: string;
  /** The request body as sent, cut after 64 KiB; `null` without one. */
  requestBody: string | null;
  /** The response body, cut after 64 KiB; `null` without one. */
  responseBody: string | null;
}

/** What `enrich()` and `POST /__rex/enrich` take: a record and the fields enrichment found. */
export interface EnrichInput {
  /** The record's org. @default 'default' */
  org?: string;
  /** A contact (`cont_…`) or company (`comp_…`) id. */
  id: string;
  /** Fields to set, as a PATCH body of that resource. */
  fields: Record<string, unknown>;
}

/** The state of every org, as a deep, JSON-serialisable copy. */
export interface RexSnapshot {
  version: 1;
  orgs: Record<
    string,
    { contacts: Contact[]; companies: Company[]; events: Event[]; webhooks?: StoredWebhook[] }
  >;
}

/** Options of {@link createRexMock}, `setupRexServer`, `setupRexWorker` and `startRexServer`. */
export interface RexMockOptions {
  /**
   * Origin (and optional path prefix) the MSW handlers intercept.
   * @default 'https://mock.rexgtm.com' (`startRexServer`: its own URL)
   */
  baseUrl?: string;
  /**
   * The only keys accepted, with their orgs and scopes. Without it, any `rex_test_…` key is
   * accepted as `read-write` with an org of its own, named after the key.
   */
  apiKeys?: readonly ApiKeyConfig[];
  /**
   * Token bucket per key; `false` turns limiting off (headers then report 2147483647).
   * @default { perMinute: 1000 }
   */
  rateLimit?: { perMinute: number } | false;
  /**
   * Clock for timestamps, the rate limiter and journal times.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Id generator: a function of the prefix (`cont`, `comp`, `evt`, `req`), or `{ seed }` for
   * reproducible TypeIDs built from the clock and a seeded generator.
   * @default random TypeIDs (typeid-js)
   */
  ids?: IdGenerator | { seed: number };
  /**
   * Seed of the generator behind fault `probability`.
   * @default `ids.seed` when given, else 1
   */
  faultSeed?: number;
  /** Records loaded at start and again by every `reset()`. */
  seed?: SeedInput | readonly SeedInput[];
  /**
   * Events each org keeps; older ones are dropped, and a cursor pointing before the oldest kept
   * event is a 400.
   * @default 100000
   */
  eventRetention?: number;
  /** Webhook delivery (SPEC §8): the retry clock and the receiver's time to answer. */
  webhooks?: WebhookOptions;
}

/** Options of webhook delivery; the schedule itself is fixed (see docs/webhooks.md). */
export interface WebhookOptions {
  /**
   * Multiplies every retry delay (1 s, 5 s, 30 s, 2 min, 10 min): tests pass `0.001` so a
   * delivery that fails five times settles in under 0.7 s.
   * @default 1
   */
  timeScale?: number;
  /**
   * How long a receiver has to answer with a 2xx before the attempt fails, in milliseconds
   * (not scaled by `timeScale`).
   * @default 10000
   */
  timeout?: number;
}

/** Webhook deliveries of a mock, for tests that assert on what a receiver got. */
export interface RexWebhooks {
  /**
   * Resolves once no delivery is pending — none waiting, in flight or scheduled for a retry —
   * so a test can assert on its receiver without sleeping. With `timeout` (ms) it rejects
   * after that long instead, saying how many are still pending.
   * @example
   * await api.contacts.create({ email: 'ada@example.com' });
   * await mock.webhooks.drain();
   * expect(received).toHaveLength(1);
   */
  drain(options?: { timeout?: number }): Promise<void>;
  /** How many deliveries are pending right now. */
  pending(): number;
}

/**
 * One isolated, stateful Rex API: its MSW handlers, a Fetch-API `handle()` and the admin
 * operations. Instances never share state.
 */
export interface RexMock {
  /** MSW request handlers: pass to `setupServer(...)` or `setupWorker(...)`. */
  readonly handlers: RequestHandler[];
  /** The base URL the handlers intercept, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * Answers one request as Rex would. An injected network error comes back as
   * `Response.error()` (`type === 'error'`).
   */
  handle(request: Request): Promise<Response>;
  /**
   * Applies what enrichment found to a contact or company (PATCH rules) and emits
   * `contact.enriched` / `company.enriched`, so a webhook or event handler can be tested.
   * Returns the record after it. Throws `RexMockError` for an unknown record or invalid fields.
   */
  enrich(input: EnrichInput): Record<string, unknown>;
  /** Puts every org back to the seed and clears the journal, faults and rate-limit buckets. */
  reset(): void;
  /** Loads records into one org; throws `SeedError` and changes nothing if one is invalid. */
  seed(input: SeedInput): SeedResult;
  /** A deep, JSON-serialisable copy of every org. */
  snapshot(): RexSnapshot;
  /** Replaces every org with a snapshot's state. */
  restore(snapshot: RexSnapshot): void;
  /**
   * The journal of answered requests, oldest first (copies), optionally filtered by method,
   * path (exact, or a prefix ending in `*`), status, and `limit` (the latest n).
   */
  requests(filter?: JournalFilter): JournalEntry[];
  /** The active fault rules, with how often each may still fire. */
  faults(): ActiveFault[];
  /** Adds a fault rule and returns its id. */
  addFault(rule: FaultRule): string;
  /** Removes one fault rule; `false` when no rule has that id. */
  removeFault(id: string): boolean;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Webhook deliveries: `drain()` waits until none is pending. */
  readonly webhooks: RexWebhooks;
}

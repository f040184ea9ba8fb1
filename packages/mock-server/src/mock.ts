import { RexMockError, SeedError } from './errors.js';
import { createHandlers } from './handlers.js';
import type { JournalEntry, RexMock, RexMockOptions, RexSnapshot, SeedInput, SeedResult } from './options.js';
import { Faults } from './routes/faults.js';
import { Pipeline } from './routes/pipeline.js';
import { RateLimiter } from './routes/rate-limit.js';
import { Router } from './routes/router.js';
import { cloneJson } from './store/json.js';
import { createRandom, type IdGenerator, randomIds, seededIds } from './store/random.js';
import { applySeed } from './store/seed.js';
import { checkSnapshot } from './store/snapshot.js';
import { Store } from './store/store.js';

/** The base URL the MSW handlers intercept unless told otherwise. */
export const DEFAULT_BASE_URL = 'https://mock.rexgtm.com';

const router = new Router();

/**
 * Creates one isolated, stateful Rex API: MSW handlers, a Fetch-API `handle()` and the admin
 * operations (seed, reset, snapshot, journal, faults).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createRexMock } from '@rex/mock-server';
 *
 * const mock = createRexMock({ baseUrl: 'https://acme.rexgtm.com' });
 * mock.seed({ key: 'rex_test_a', contacts: [{ email: 'ada@example.com' }] });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 */
export function createRexMock(options: RexMockOptions = {}): RexMock {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new RexMockError(`Invalid baseUrl: ${baseUrl}`);
  }
  const now = options.now ?? (() => new Date());
  const idSeed = typeof options.ids === 'object' ? options.ids.seed : undefined;
  const faultSeed = options.faultSeed ?? idSeed ?? 1;
  const perMinute = options.rateLimit === false ? null : (options.rateLimit?.perMinute ?? 1000);
  if (perMinute !== null && !(perMinute > 0)) throw new RexMockError('rateLimit.perMinute must be positive');
  const apiKeys = options.apiKeys ? [...options.apiKeys] : undefined;

  // Deterministic mode draws record ids and request ids from separate streams, so extra
  // requests (a journal read, a retried GET) do not shift the ids of the records.
  const makeIds = (): { records: IdGenerator; requests: IdGenerator } =>
    typeof options.ids === 'function'
      ? { records: options.ids, requests: options.ids }
      : idSeed !== undefined
        ? { records: seededIds(idSeed, now), requests: seededIds(idSeed + 1, now) }
        : { records: randomIds, requests: randomIds };
  let ids = makeIds();

  const store = new Store((prefix) => ids.records(prefix), now);
  const faults = new Faults(createRandom(faultSeed));
  const limiter = new RateLimiter(perMinute, now);
  let journal: JournalEntry[] = [];

  const orgOf = (input: SeedInput): string => {
    if (input.key !== undefined) {
      if (apiKeys) {
        const found = apiKeys.find((k) => k.key === input.key);
        if (!found) throw new SeedError('key', `${input.key} is not in apiKeys`);
        return found.org;
      }
      if (!input.key.startsWith('rex_test_')) {
        throw new SeedError('key', `${input.key} is not a rex_test_ key, so no request could use it`);
      }
      return input.key;
    }
    return input.org ?? 'default';
  };

  const seed = (input: SeedInput): SeedResult => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SeedError('seed', 'must be an object { key?, org?, contacts?, companies? }');
    }
    if (input.key !== undefined && typeof input.key !== 'string')
      throw new SeedError('key', 'must be a string');
    if (input.org !== undefined && typeof input.org !== 'string')
      throw new SeedError('org', 'must be a string');
    const org = orgOf(input);
    const result = applySeed(store, org, input);
    return { org, ...result };
  };

  const loadSeeds = () => {
    const seeds =
      options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed];
    for (const input of seeds as SeedInput[]) seed(input);
  };

  const snapshot = (): RexSnapshot => {
    const orgs: RexSnapshot['orgs'] = {};
    for (const name of store.orgNames()) {
      const state = store.state(name);
      // An org a request merely looked at holds nothing worth restoring.
      if (state.contacts.length + state.companies.length + state.events.length === 0) continue;
      orgs[name] = cloneJson(state) as unknown as RexSnapshot['orgs'][string];
    }
    return { version: 1, orgs };
  };

  const restore = (input: RexSnapshot): void => {
    const orgs = checkSnapshot(cloneJson(input));
    store.clear();
    for (const [name, state] of Object.entries(orgs)) store.load(name, state);
  };

  const reset = (): void => {
    ids = makeIds();
    store.clear();
    faults.clear();
    faults.reseed(createRandom(faultSeed));
    limiter.reset();
    journal = [];
    pipeline = createPipeline();
    loadSeeds();
  };

  const admin = {
    reset,
    seed,
    snapshot,
    restore,
    requests: () => journal.map((entry) => ({ ...entry })),
    addFault: (rule: unknown) => faults.add(rule),
    clearFaults: () => faults.clear(),
  };

  const createPipeline = () =>
    new Pipeline({
      store,
      router,
      faults,
      limiter,
      journal,
      admin,
      apiKeys,
      baseUrl,
      now,
      requestId: () => ids.requests('req'),
    });
  let pipeline = createPipeline();
  loadSeeds();

  const handle = (request: Request): Promise<Response> => pipeline.handle(request);

  return {
    handlers: createHandlers(baseUrl, handle),
    baseUrl,
    handle,
    reset,
    seed,
    snapshot,
    restore,
    requests: admin.requests,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => {
      faults.clear();
    },
  };
}

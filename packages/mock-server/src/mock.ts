import { COMPANIES, CONTACTS, validate as check, ENDPOINTS, type EventType, isTypeId } from '@rex/types';
import { createOpenApiDocument, createOpenApiYaml } from '@rex/types/openapi';
import { fromFetchRequest, toFetchResponse } from './adapters/fetch.js';
import { Journal } from './admin/journal.js';
import type { AdminTarget } from './admin/routes.js';
import { cloneJson } from './engine/json.js';
import { createRandom, type IdGenerator, randomIds, seededIds } from './engine/random.js';
import { applySeed } from './engine/seed.js';
import { checkSnapshot } from './engine/snapshot.js';
import { Store } from './engine/store.js';
import { RexMockError, SeedError } from './errors.js';
import { createHandlers } from './handlers.js';
import { createInspectorData } from './inspector/data.js';
import { createInspectorStage } from './inspector/stage.js';
import type { EnrichInput, RexMock, RexMockOptions, RexSnapshot, SeedInput, SeedResult } from './options.js';
import { Pipeline } from './pipeline.js';
import { syncKeys } from './resources/api-keys.js';
import { HOOKS, OPERATIONS, RESOURCES } from './resources/index.js';
import { createAdminStage } from './stages/admin.js';
import { createAuthStage, DEFAULT_ORG, KeyRing } from './stages/auth.js';
import { body } from './stages/body.js';
import type { MockRequest, MockResponse } from './stages/compose.js';
import { cors } from './stages/cors.js';
import { Faults } from './stages/fault-rules.js';
import { createFaultStage } from './stages/faults.js';
import { createIdStage } from './stages/ids.js';
import { createOperationStage } from './stages/operation.js';
import { query } from './stages/query.js';
import { createRateLimitStage, RateLimiter } from './stages/rate-limit.js';
import { createRouteStage, type Document } from './stages/route.js';
import { Router } from './stages/router.js';
import { scope } from './stages/scope.js';
import { validate } from './stages/validate.js';
import { toWire } from './webhooks/deliveries.js';
import { createWebhookEngine } from './webhooks/engine.js';
import { DELIVERY_POLICY } from './webhooks/policy.js';
import { createSecret } from './webhooks/signature.js';

/** The base URL the MSW handlers intercept unless told otherwise. */
export const DEFAULT_BASE_URL = 'https://mock.rexgtm.com';

const router = new Router();
/** The resources `POST /__rex/enrich` can enrich, emitting `*.enriched`. */
const ENRICHABLE = [CONTACTS, COMPANIES];
const TITLES: ReadonlyMap<string, string> = new Map(RESOURCES.map((d) => [d.prefix, d.title]));

/**
 * What adapters of this package reach that users do not: the transport-free handler, and the
 * journal (the CLI's `--log` subscribes to it).
 */
interface Internals {
  handle(request: MockRequest): Promise<MockResponse>;
  journal: Journal;
}
const INTERNALS = new WeakMap<RexMock, Internals>();

/** The transport-free side of a mock, for this package's adapters (node:http). */
export function internals(mock: RexMock): Internals {
  const found = INTERNALS.get(mock);
  if (!found) throw new RexMockError('Not a mock made by createRexMock');
  return found;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new RexMockError(`Invalid baseUrl: ${baseUrl}`);
  }
  const now = options.now ?? (() => new Date());
  const idSeed = typeof options.ids === 'object' ? options.ids.seed : undefined;
  const faultSeed = options.faultSeed ?? idSeed ?? 1;
  const perMinute = options.rateLimit === false ? null : (options.rateLimit?.perMinute ?? 1000);
  if (perMinute !== null && !(perMinute > 0)) throw new RexMockError('rateLimit.perMinute must be positive');
  const retention = options.eventRetention;
  if (retention !== undefined && !(Number.isInteger(retention) && retention > 0)) {
    throw new RexMockError('eventRetention must be a positive integer');
  }
  const timeScale = options.webhooks?.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale >= 0)) {
    throw new RexMockError('webhooks.timeScale must be a number of at least 0');
  }
  const timeoutMs = options.webhooks?.timeout ?? DELIVERY_POLICY.timeoutMs;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RexMockError('webhooks.timeout must be a positive number of milliseconds');
  }

  // Deterministic mode draws record ids and request ids from separate streams, so extra
  // requests (a journal read, a retried GET) do not shift the ids of the records.
  const makeIds = (): { records: IdGenerator; requests: IdGenerator } =>
    typeof options.ids === 'function'
      ? { records: options.ids, requests: options.ids }
      : idSeed !== undefined
        ? { records: seededIds(idSeed, now), requests: seededIds(idSeed + 1, now) }
        : { records: randomIds, requests: randomIds };
  let ids = makeIds();
  // Webhook secrets come from a stream of their own too: reproducible in deterministic mode.
  const makeSecrets = (): (() => string) => {
    if (idSeed === undefined) return () => createSecret();
    const random = createRandom(idSeed + 2);
    return () => createSecret((n) => Uint8Array.from({ length: n }, () => random() & 0xff));
  };
  let secrets = makeSecrets();

  const store = new Store({
    resources: RESOURCES,
    hooks: HOOKS,
    ids: (prefix) => ids.records(prefix),
    now,
    ...(retention === undefined ? {} : { eventRetention: retention }),
  });
  const keys = new KeyRing(options.apiKeys);
  const faults = new Faults(createRandom(faultSeed));
  const limiter = new RateLimiter(perMinute, now);
  const journal = new Journal();
  const webhooks = createWebhookEngine({
    store,
    now,
    ids: (prefix) => ids.records(prefix),
    secrets: () => secrets(),
    timeScale,
    timeoutMs,
  });

  const seed = (input: SeedInput): SeedResult => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SeedError('seed', 'must be an object { key?, org?, contacts?, companies? }');
    }
    if (input.key !== undefined && typeof input.key !== 'string')
      throw new SeedError('key', 'must be a string');
    if (input.org !== undefined && typeof input.org !== 'string')
      throw new SeedError('org', 'must be a string');
    let org = input.org ?? DEFAULT_ORG;
    if (input.key !== undefined) {
      const caller = keys.resolve(input.key);
      if (!caller)
        throw new SeedError('key', `${input.key} is refused by this mock, so no request could use it`);
      org = caller.org;
    }
    const loaded = applySeed(store, org, input as unknown as Record<string, unknown>);
    syncKeys(store, keys);
    return { org, ...loaded } as unknown as SeedResult;
  };

  const loadSeeds = () => {
    const seeds =
      options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed];
    for (const input of seeds as SeedInput[]) seed(input);
  };

  const snapshot = (): RexSnapshot => {
    // A null-prototype map of orgs, so an org named `__proto__` is kept like any other.
    const orgs: Record<string, unknown> = Object.create(null);
    for (const name of store.orgNames()) {
      if (store.peek(name).isEmpty()) continue;
      orgs[name] = store.state(name);
    }
    return cloneJson({ version: 1, orgs }) as RexSnapshot;
  };

  const restore = (input: RexSnapshot): void => {
    const orgs = checkSnapshot(cloneJson(input), RESOURCES);
    webhooks.clear();
    store.clear();
    keys.clear();
    for (const [name, state] of orgs) store.load(name, state);
    syncKeys(store, keys);
  };

  const reset = (): void => {
    webhooks.clear();
    ids = makeIds();
    secrets = makeSecrets();
    store.clear();
    keys.clear();
    faults.clear();
    faults.reseed(createRandom(faultSeed));
    limiter.reset();
    journal.clear();
    loadSeeds();
  };

  const enrich = (input: EnrichInput): Record<string, unknown> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new RexMockError('enrich: expected { org?, id, fields }');
    }
    const { org: orgName = DEFAULT_ORG, id, fields } = input;
    if (typeof orgName !== 'string') throw new RexMockError('enrich: `org` must be a string');
    const declaration = ENRICHABLE.find((d) => isTypeId(id, d.prefix));
    if (!declaration)
      throw new RexMockError('enrich: `id` must be a contact (cont_…) or company (comp_…) id');
    const schema = ENDPOINTS.find((e) => e.operationId === `${declaration.plural}.update`)?.body;
    const result = schema ? check(schema, fields) : undefined;
    if (!result?.success) {
      throw new RexMockError(`enrich: fields: ${result?.error.message ?? 'must be an object'}`);
    }
    const org = store.peek(orgName);
    const current = org.collection(declaration.plural).get(id);
    if (!current || !store.has(orgName))
      throw new RexMockError(`enrich: org ${orgName} has no ${declaration.name} ${id}`);
    const updated = store.update(
      org,
      declaration.plural,
      current,
      result.data as Record<string, unknown>,
      'enriched',
    );
    // Enrichment that changes nothing is still reported, so a handler can be tested with any record.
    if (updated === current)
      store.emit(
        org,
        `${declaration.name}.enriched` as EventType,
        store.present(org, declaration.plural, current),
      );
    return cloneJson(store.present(org, declaration.plural, updated));
  };

  const admin: AdminTarget = {
    enrich,
    reset,
    seed,
    snapshot,
    restore,
    requests: (filter) => journal.page(filter),
    faults: () => faults.list(),
    addFault: (rule) => faults.add(rule),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    drainWebhooks: async (timeout) => {
      try {
        await webhooks.drain(timeout);
        return { drained: true, pending: 0 };
      } catch {
        return { drained: false, pending: webhooks.pending };
      }
    },
    ...createInspectorData({ store, apiKeys: options.apiKeys, resolve: (key) => keys.resolve(key) }),
    // The inspector's Deliveries section: every subscription's latest deliveries, newest first.
    deliveries: ({ org: name, limit }) => {
      if (!store.has(name)) return [];
      const org = store.peek(name);
      return org
        .collection('webhooks')
        .all()
        .flatMap((webhook) =>
          webhooks
            .deliveries(org, webhook.id, { limit })
            .rows.map((delivery) => ({ webhook_id: webhook.id, ...toWire(delivery) })),
        )
        .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))
        .slice(0, limit);
    },
  };

  // Built on first request: a mock that is never asked for them does not pay for them.
  const once = (make: () => Document): (() => Document) => {
    let made: Document | undefined;
    return () => (made ??= make());
  };
  const documents = new Map<string, () => Document>([
    [
      '/openapi.json',
      once(() => ({
        body: JSON.stringify(createOpenApiDocument({ version: '3.1', serverUrl: baseUrl })),
        type: 'application/json',
      })),
    ],
    [
      '/openapi.yaml',
      once(() => ({
        body: createOpenApiYaml({ version: '3.0', serverUrl: baseUrl }),
        type: 'application/yaml; charset=utf-8',
      })),
    ],
  ]);

  const pipeline = new Pipeline({
    basePath: base.pathname.replace(/\/+$/, ''),
    limiter,
    journal,
    now,
    requestId: () => ids.requests('req'),
    stages: [
      cors,
      createInspectorStage(
        {
          baseUrl,
          resources: RESOURCES,
          deliveries: admin.deliveries !== undefined,
          apiKeys: !!options.apiKeys,
        },
        base.hostname.toLowerCase(),
      ),
      createAdminStage(admin, base.hostname.toLowerCase()),
      createRouteStage(router, documents),
      createFaultStage(faults, sleep),
      createAuthStage(keys),
      scope,
      createRateLimitStage(limiter),
      createIdStage(TITLES),
      body,
      query,
      validate,
      createOperationStage(store, OPERATIONS, keys),
    ],
  });
  loadSeeds();

  const handle = async (request: Request): Promise<Response> =>
    toFetchResponse(await pipeline.handle(fromFetchRequest(request)));

  const mock: RexMock = {
    handlers: createHandlers(baseUrl, handle),
    baseUrl,
    handle,
    reset,
    seed,
    snapshot,
    restore,
    requests: (filter) => journal.list(filter),
    enrich,
    faults: admin.faults,
    addFault: admin.addFault,
    removeFault: admin.removeFault,
    clearFaults: () => {
      faults.clear();
    },
    webhooks: {
      drain: (drainOptions) => webhooks.drain(drainOptions?.timeout),
      pending: () => webhooks.pending,
    },
  };
  INTERNALS.set(mock, { handle: (request) => pipeline.handle(request), journal });
  return mock;
}

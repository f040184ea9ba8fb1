/**
 * An in-memory, stateful reference implementation of the Rex API — dedup, PATCH merging,
 * events, keyset pagination, scopes and rate limits — as MSW handlers for Node and browsers.
 *
 * @packageDocumentation
 *
 * @example
 * import { createRexMock } from '@rex/mock-server';
 * const mock = createRexMock();
 * const res = await mock.handle(
 *   new Request('https://mock.rexgtm.com/contacts', {
 *     method: 'POST',
 *     headers: { 'x-api-key': 'rex_test_a', 'content-type': 'application/json' },
 *     body: JSON.stringify({ email: 'ada@example.com' }),
 *   }),
 * );
 */

export type { JournalFilter } from './admin/journal.js';
export type { IdGenerator } from './engine/random.js';
export { FaultRuleError, RexMockError, SeedError, SnapshotError } from './errors.js';
export { createHandlers } from './handlers.js';
export { createRexMock, DEFAULT_BASE_URL } from './mock.js';
export type {
  ApiKeyConfig,
  ApiKeyScope,
  CompanySeed,
  ContactSeed,
  EnrichInput,
  JournalEntry,
  RexMock,
  RexMockOptions,
  RexSnapshot,
  RexWebhooks,
  SeedInput,
  SeedResult,
  StoredWebhook,
  WebhookOptions,
} from './options.js';
export type { ActiveFault, FaultRule } from './stages/fault-rules.js';

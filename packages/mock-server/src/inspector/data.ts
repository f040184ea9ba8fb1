import type { ResourceDeclaration } from '@rex/types';
import type { StoredRecord } from '../engine/collection.js';
import { decodeCursor, encodeCursor, querySignature } from '../engine/cursor.js';
import { InvalidInput } from '../engine/errors.js';
import type { EventRecord } from '../engine/events.js';
import type { Org, Store } from '../engine/store.js';
import { sortValue } from '../engine/table.js';
import type { ApiKeyConfig, ApiKeyScope } from '../options.js';
import { DEFAULT_ORG } from '../stages/auth.js';
import type { Caller } from '../stages/compose.js';

/** A key that reads an org, and what it may do there. */
export interface OrgReader {
  key: string;
  scope: ApiKeyScope;
}

/** One org as `GET /__rex/orgs` lists it. */
export interface OrgSummary {
  name: string;
  /** Record count per resource, by plural name (`{ companies: 2, contacts: 5 }`). */
  records: Record<string, number>;
  /** Events the org keeps. */
  events: number;
  /** The keys that read the org: empty when no request could (an org seeded by name only). */
  readers: OrgReader[];
  /**
   * Changes whenever the org does (a write, a seed, a reset, a restore): a poller re-reads the
   * org's records and events only when it moves. Opaque.
   */
  revision: string;
}

/** A page of `GET /__rex/records`. */
export interface RecordQuery {
  org: string;
  /** Plural name of a declared resource. */
  resource: string;
  /** Case-insensitive substring of the record's JSON: any field, metadata included. */
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Records, newest first, with the cursor of the next page. */
export interface RecordPage {
  records: StoredRecord[];
  cursor: string | null;
  hasMore: boolean;
  /** Records of the resource in the org, before the search. */
  total: number;
}

/** A read of `GET /__rex/events`. */
export interface EventQuery {
  org: string;
  /** Only events after this one; an id the org no longer holds is ignored (see `restarted`). */
  after?: string | undefined;
  /** The latest this many. */
  limit: number;
}

/** Events, oldest first. */
export interface EventPage {
  events: EventRecord[];
  /** The id of the last event returned, else `after`, else `null`: where a poller resumes. */
  cursor: string | null;
  /** `true` when `after` named no event the org still keeps (a reset, or dropped by retention). */
  restarted: boolean;
  /** Events the org keeps. */
  total: number;
}

/** What the inspector reads from the store, beyond the admin operations every mock has. */
export interface InspectorData {
  orgs(): OrgSummary[];
  records(query: RecordQuery): RecordPage;
  events(query: EventQuery): EventPage;
}

/** What {@link createInspectorData} reads: the store, and how keys map to orgs. */
export interface InspectorDataOptions {
  store: Store;
  /** The `apiKeys` option: when set, only these keys read orgs. */
  apiKeys: readonly ApiKeyConfig[] | undefined;
  /** The mock's own key check (`KeyRing.resolve`), so the key rules live in one place. */
  resolve: (key: string) => Caller | undefined;
}

const DEFAULT_KEY = 'rex_test_default';

/**
 * The read-only views of the store that the inspector and the CLI show a person: orgs with
 * their record counts and readers, a resource's records (searchable, keyset-paged), an org's
 * latest events. Generic over the declared resources.
 */
export function createInspectorData({ store, apiKeys, resolve }: InspectorDataOptions): InspectorData {
  // Every Org object gets a serial: a reset or a restore replaces the objects, so the revision
  // moves even when the counts come back the same.
  const serials = new WeakMap<Org, number>();
  let nextSerial = 0;
  const serial = (org: Org): number => {
    let found = serials.get(org);
    if (found === undefined) {
      found = ++nextSerial;
      serials.set(org, found);
    }
    return found;
  };

  const readers = (name: string): OrgReader[] => {
    if (apiKeys) return apiKeys.filter((k) => k.org === name).map(({ key, scope }) => ({ key, scope }));
    // Default mode: a `rex_test_…` key reads the org named after it, and `rex_test_default`
    // reads `default`. Asking the key ring keeps that rule in one place.
    const candidates = name === DEFAULT_ORG ? [DEFAULT_KEY, name] : [name];
    const out: OrgReader[] = [];
    for (const key of candidates) {
      const caller = resolve(key);
      if (caller?.org === name && !out.some((r) => r.key === key)) out.push({ key, scope: caller.scope });
    }
    return out;
  };

  const summary = (name: string): OrgSummary => {
    const org = store.peek(name);
    const records: Record<string, number> = {};
    const counts: number[] = [];
    for (const [plural, collection] of org.collections) {
      records[plural] = collection.size;
      counts.push(collection.size);
    }
    const events = org.events;
    const last = events.at(events.size - 1)?.id ?? '';
    return {
      name,
      records,
      events: events.size,
      readers: readers(name),
      revision: `${store.has(name) ? serial(org) : 0}.${events.size}.${last}.${counts.join('.')}`,
    };
  };

  return {
    orgs() {
      // `default` is always listed: keyless captures and seeds without a key land there.
      const names = new Set([DEFAULT_ORG, ...store.orgNames()]);
      return [...names]
        .sort((a, b) => (a === DEFAULT_ORG ? -1 : b === DEFAULT_ORG ? 1 : a < b ? -1 : a > b ? 1 : 0))
        .map(summary);
    },

    records({ org: name, resource, search, cursor, limit }) {
      const declaration: ResourceDeclaration | undefined = store.resources.get(resource);
      if (!declaration) {
        const known = [...store.resources.keys()].join(', ');
        throw new InvalidInput('resource', `\`resource\` must be one of ${known}, got ${resource}`);
      }
      const collection = store.peek(name).collection(declaration.plural);
      const needle = search?.trim().toLowerCase() ?? '';
      // Newest first, like the API's default sort; a search reads every record's JSON, which is
      // fine for a person looking (O(n) when few match), not for a hot path.
      const signature = querySignature(['inspector', declaration.plural, needle]);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, signature);
      const page = collection.table.page({
        sortField: 'created_at',
        descending: true,
        after,
        limit,
        equals: [],
        matches: needle === '' ? () => true : (row) => JSON.stringify(row).toLowerCase().includes(needle),
      });
      const last = page.rows[page.rows.length - 1];
      return {
        records: page.rows,
        hasMore: page.hasMore,
        cursor:
          page.hasMore && last
            ? encodeCursor({ value: sortValue(last, 'created_at'), id: last.id }, signature)
            : null,
        total: collection.size,
      };
    },

    events({ org: name, after, limit }) {
      const log = store.peek(name).events;
      let start = 0;
      let restarted = false;
      if (after !== undefined) {
        try {
          start = log.indexAfter(after, 'after');
        } catch {
          restarted = true;
        }
      }
      // Read through the log's window: `all()` copies it once events have dropped off.
      const events: EventRecord[] = [];
      for (let i = Math.max(start, log.size - limit); i < log.size; i++)
        events.push(log.at(i) as EventRecord);
      const cursor = events[events.length - 1]?.id ?? (restarted ? null : (after ?? null));
      return { events, cursor, restarted, total: log.size };
    },
  };
}

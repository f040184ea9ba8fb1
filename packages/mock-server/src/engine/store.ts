import {
  type EventType,
  ID_PREFIX,
  type LinkSpec,
  PAGE_SIZE,
  type ResourceDeclaration,
  validate,
} from '@rex/types';
import {
  Collection,
  checkMetadata,
  type Fixed,
  type Metadata,
  mergeMetadata,
  patched,
  type StoredRecord,
} from './collection.js';
import { decodeCursor, encodeCursor, querySignature } from './cursor.js';
import { InvalidInput, InvalidLink, RecordInUse, RecordNotFound } from './errors.js';
import { EVENT_RETENTION, EventLog, type EventRecord } from './events.js';
import { compareKeys, type KeysetPosition } from './sorted-index.js';
import { sortValue } from './table.js';

/** A page of a list, ready for the list envelope. */
export interface ListResult<R> {
  rows: R[];
  hasMore: boolean;
  cursor: string | null;
}

/** Paging and filters of a list, as validated from the query. */
export interface ListQuery {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  readonly sort?: string | undefined;
  readonly [filter: string]: unknown;
}

/** A write's outcome: the record and whether it was created (upsert answers 201 or 200). */
export interface WriteResult {
  record: StoredRecord;
  created: boolean;
}

/** The serialisable state of one org: records by resource (plural name) and events. */
export type OrgState = { events: readonly EventRecord[] } & Record<string, readonly unknown[]>;

/** The state of one org: a collection per resource and the event log. */
export class Org {
  readonly collections = new Map<string, Collection>();
  readonly events: EventLog;

  constructor(
    /** The org's name: the key's org, or `default`. */
    readonly name: string,
    declarations: Iterable<ResourceDeclaration>,
    retention: number,
  ) {
    for (const declaration of declarations) {
      this.collections.set(declaration.plural, new Collection(declaration));
    }
    this.events = new EventLog(retention);
  }

  collection(plural: string): Collection {
    const collection = this.collections.get(plural);
    if (!collection) throw new Error(`No resource ${plural} is declared`);
    return collection;
  }

  /** Whether the org holds nothing worth keeping. */
  isEmpty(): boolean {
    if (this.events.size > 0) return false;
    for (const collection of this.collections.values()) if (collection.size > 0) return false;
    return true;
  }
}

/** What a hook of a resource gets: the store, the org, and the time of the write. */
export interface HookContext {
  store: Store;
  org: Org;
  /** The write's time (ISO 8601), for timestamps a hook sets. */
  time: string;
}

/**
 * The behaviour of a resource that is more than its declaration (a deal's stage rules, a task's
 * `completed_at`): the mock's side of a resource, next to its operations.
 */
export interface ResourceHooks {
  /**
   * Adjusts or checks a record about to be stored, on create (`current` undefined) and update;
   * throws a domain error to refuse the write before anything is stored.
   */
  prepare?(draft: Record<string, unknown>, context: HookContext & { current?: StoredRecord }): void;
  /** Runs after a record is stored and its event emitted: history, further events. */
  afterWrite?(record: StoredRecord, context: HookContext & { previous?: StoredRecord }): void;
  /**
   * The declaration's computed fields for answers and events. A resource with this hook is
   * answered with its declared fields only, so it may keep internal fields (a deal's stage
   * history, an API key's secret) in the stored record.
   */
  present?(record: StoredRecord, context: { store: Store; org: Org; now: Date }): Record<string, unknown>;
  /** Embeds related data for `include=` names the links do not cover (a deal's `stage`). */
  include?: Readonly<Record<string, (record: StoredRecord, context: { store: Store; org: Org }) => unknown>>;
}

/** What the store is made of: the declared resources, and where ids and time come from. */
export interface StoreOptions {
  resources: readonly ResourceDeclaration[];
  /** The behaviour of resources beyond their declarations, by plural name. */
  hooks?: Readonly<Record<string, ResourceHooks>>;
  ids: (prefix: string) => string;
  now: () => Date;
  /** Events kept per org. @default 100000 */
  eventRetention?: number;
}

interface IncomingLink {
  from: ResourceDeclaration;
  field: string;
  link: LinkSpec;
}

const SERVER_FIELDS = new Set(['id', 'created_at', 'updated_at']);

function parseSort(sort: string | undefined): { field: string; descending: boolean } {
  const value = sort ?? '-created_at';
  return value.startsWith('-')
    ? { field: value.slice(1), descending: true }
    : { field: value, descending: false };
}

function isAfter(
  row: StoredRecord,
  field: string,
  descending: boolean,
  after: KeysetPosition | undefined,
): boolean {
  if (!after) return true;
  const order = compareKeys(sortValue(row, field), row.id, after.value, after.id);
  return descending ? order < 0 : order > 0;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Every org's state and the rules of the API that hold for every resource: defaults,
 * normalisation, dedup, links, PATCH merging, cascades, events and keyset lists — each driven by
 * the resources' declarations. Synchronous on purpose: nothing can run between a dedup lookup
 * and the write that depends on it. It throws domain errors (`engine/errors.ts`), never HTTP.
 */
export class Store {
  private orgs = new Map<string, Org>();
  readonly resources: ReadonlyMap<string, ResourceDeclaration>;
  private readonly incoming = new Map<string, IncomingLink[]>();
  private readonly retention: number;
  /** What a read of an org that was never written sees; never written itself. */
  private readonly empty: Org;
  private readonly listeners = new Set<(org: Org, event: EventRecord) => void>();

  constructor(private readonly options: StoreOptions) {
    this.resources = new Map(options.resources.map((d) => [d.plural, d]));
    for (const from of options.resources) {
      for (const [field, link] of Object.entries(from.links ?? {})) {
        if (!this.resources.has(link.to)) throw new Error(`${from.plural}.${field} links to ${link.to}`);
        const list = this.incoming.get(link.to) ?? [];
        list.push({ from, field, link });
        this.incoming.set(link.to, list);
      }
    }
    this.retention = options.eventRetention ?? EVENT_RETENTION;
    this.empty = new Org('', options.resources, this.retention);
  }

  /** The org named `name`, created empty on first use: call it for writes only. */
  org(name: string): Org {
    let org = this.orgs.get(name);
    if (!org) {
      org = new Org(name, this.options.resources, this.retention);
      this.orgs.set(name, org);
    }
    return org;
  }

  /**
   * The org named `name` for a read: an org nobody wrote to reads as empty without being
   * created, so reads with ever new keys cost no memory.
   */
  peek(name: string): Org {
    return this.orgs.get(name) ?? this.empty;
  }

  has(name: string): boolean {
    return this.orgs.has(name);
  }

  clear(): void {
    this.orgs = new Map();
  }

  orgNames(): string[] {
    return [...this.orgs.keys()];
  }

  declaration(plural: string): ResourceDeclaration {
    const declaration = this.resources.get(plural);
    if (!declaration) throw new Error(`No resource ${plural} is declared`);
    return declaration;
  }

  private timestamp(): string {
    return this.options.now().toISOString();
  }

  private hooks(plural: string): ResourceHooks {
    return this.options.hooks?.[plural] ?? {};
  }

  /** The resource's own resolver for an `include=` name, if it has one. */
  include(
    plural: string,
    name: string,
  ): ((record: StoredRecord, context: { store: Store; org: Org }) => unknown) | undefined {
    return this.hooks(plural).include?.[name];
  }

  /** A record as answered and as carried by events: with its computed fields. */
  present(org: Org, plural: string, record: StoredRecord): StoredRecord {
    const present = this.hooks(plural).present;
    if (!present) return record;
    const computed = present(record, { store: this, org, now: this.options.now() });
    const out: Record<string, unknown> = {};
    for (const field of this.declaration(plural).fields) {
      out[field] = Object.hasOwn(computed, field) ? computed[field] : record[field];
    }
    return out as StoredRecord;
  }

  /** A new id with this prefix, from the store's generator. */
  newId(prefix: string): string {
    return this.options.ids(prefix);
  }

  /** Emits a record event when the resource emits events. */
  private emitRecord(
    org: Org,
    declaration: ResourceDeclaration,
    verb: string,
    data: EventRecord['data'],
    time: string,
  ): void {
    if (declaration.events === false) return;
    this.emit(org, `${declaration.name}.${verb}` as EventType, data, time);
  }

  /** Appends an event to the org's log. */
  emit(org: Org, type: EventType, data: EventRecord['data'], timestamp = this.timestamp()): EventRecord {
    const event: EventRecord = { id: this.options.ids(ID_PREFIX.event), type, timestamp, data };
    org.events.push(event);
    for (const listener of this.listeners) listener(org, event);
    return event;
  }

  /**
   * Calls `listener` with every event as it is emitted (webhook deliveries, the inspector),
   * until the returned function is called. Listeners must not throw or write to the store.
   */
  subscribe(listener: (org: Org, event: EventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Records

  /** The record `id` of a resource; {@link RecordNotFound} when the org has none. */
  get(org: Org, plural: string, id: string, param?: string): StoredRecord {
    const record = org.collection(plural).get(id);
    if (!record) throw new RecordNotFound(this.declaration(plural).title, id, param);
    return record;
  }

  /** Turns one sent value into the stored one: normalised, checked, converted. */
  private convert(org: Org, declaration: ResourceDeclaration, field: string, value: unknown): unknown {
    if (value === null) return null;
    const unique = declaration.unique?.find((u) => u.fields.length === 1 && u.fields[0] === field);
    if (unique?.normalize) return unique.normalize(value as string);
    if (declaration.timestamps?.includes(field)) return new Date(value as string).toISOString();
    const parts = declaration.objects?.[field];
    if (parts) {
      const input = value as Record<string, unknown>;
      return Object.fromEntries(parts.map((part) => [part, input[part] ?? null]));
    }
    const link = declaration.links?.[field];
    if (link) {
      const target = org.collection(link.to).get(value as string);
      if (!target) throw new InvalidLink(field, value as string, this.declaration(link.to).name);
      // Ids are matched in either case; the link keeps the target's id as stored.
      return target.id;
    }
    return value;
  }

  /** Builds a new record from create params; `fixed` carries a seed's id and timestamps. */
  private build(
    org: Org,
    declaration: ResourceDeclaration,
    params: Readonly<Record<string, unknown>>,
    fixed: Fixed,
  ): StoredRecord {
    const time = this.timestamp();
    const created = fixed.created_at ? new Date(fixed.created_at).toISOString() : time;
    const record: Record<string, unknown> = {};
    for (const field of declaration.fields) {
      if (field === 'id') record.id = fixed.id ?? this.options.ids(declaration.prefix);
      else if (field === 'created_at') record.created_at = created;
      else if (field === 'updated_at')
        record.updated_at = fixed.updated_at ? new Date(fixed.updated_at).toISOString() : created;
      else if (field === 'metadata') record.metadata = mergeMetadata({}, (params.metadata as Metadata) ?? {});
      else if (declaration.computed?.includes(field)) continue;
      else if (params[field] === undefined && declaration.defaultNow?.includes(field)) record[field] = time;
      else {
        const raw = params[field];
        record[field] =
          raw === undefined || raw === null
            ? (declaration.defaults?.[field] ?? null)
            : this.convert(org, declaration, field, raw);
      }
    }
    this.hooks(declaration.plural).prepare?.(record, { store: this, org, time });
    if (record.metadata) checkMetadata(record.metadata as Metadata);
    org.collection(declaration.plural).checkUnique(record);
    return record as StoredRecord;
  }

  /** Creates a record (create rules: defaults, dedup, links) and emits `*.created`. */
  create(
    org: Org,
    plural: string,
    params: Readonly<Record<string, unknown>>,
    options: { fixed?: Fixed; emit?: boolean } = {},
  ): StoredRecord {
    const declaration = this.declaration(plural);
    const record = this.build(org, declaration, params, options.fixed ?? {});
    org.collection(plural).insert(record);
    if (options.emit !== false) {
      this.emitRecord(org, declaration, 'created', this.present(org, plural, record), record.created_at);
      this.hooks(plural).afterWrite?.(record, { store: this, org, time: record.created_at });
    }
    return record;
  }

  /**
   * Applies PATCH rules; returns `current` untouched when nothing changes. `verb` names the
   * event (`updated`; `enriched` for enrichment).
   */
  update(
    org: Org,
    plural: string,
    current: StoredRecord,
    patch: Readonly<Record<string, unknown>>,
    verb = 'updated',
  ): StoredRecord {
    const declaration = this.declaration(plural);
    const next = patched(current, patch, (field, raw) => {
      if (SERVER_FIELDS.has(field)) throw new InvalidInput(field, `\`${field}\` is set by the server`);
      return this.convert(org, declaration, field, raw);
    });
    if (!next) return current;
    const time = this.timestamp();
    this.hooks(plural).prepare?.(next, { store: this, org, time, current });
    if (next.metadata !== current.metadata) checkMetadata(next.metadata as Metadata);
    const collection = org.collection(plural);
    collection.checkUnique(next, current.id);
    return this.replace(org, declaration, current, next, time, verb);
  }

  /** Stores a new version of a record with a fresh `updated_at` and emits `*.updated`. */
  replace(
    org: Org,
    declaration: ResourceDeclaration,
    current: StoredRecord,
    next: Readonly<Record<string, unknown>>,
    time = this.timestamp(),
    verb = 'updated',
  ): StoredRecord {
    const record = { ...next, updated_at: time } as StoredRecord;
    const { plural } = declaration;
    org.collection(plural).replace(current, record);
    this.emitRecord(org, declaration, verb, this.present(org, plural, record), time);
    this.hooks(plural).afterWrite?.(record, { store: this, org, time, previous: current });
    return record;
  }

  /**
   * Creates or updates the record that holds the resource's upsert key. Creating follows the
   * create rules (the create schema's required fields included); updating the PATCH rules.
   */
  upsert(org: Org, plural: string, params: Readonly<Record<string, unknown>>): WriteResult {
    const declaration = this.declaration(plural);
    const field = declaration.upsertKey;
    if (!field) throw new Error(`${plural} has no upsert key`);
    const key = this.convert(org, declaration, field, params[field]) as string;
    const current = org.collection(plural).holder(field, key);
    if (current) return { record: this.update(org, plural, current, params), created: false };
    // A null on create means "not set"; what the create schema requires must then be present.
    const sent = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null));
    const result = validate(declaration.schemas.create, sent);
    if (!result.success) {
      const { param = '', message } = result.error;
      throw new InvalidInput(
        param,
        message.endsWith('is required') ? `${message} to create a ${declaration.name}` : message,
      );
    }
    return { record: this.create(org, plural, sent), created: true };
  }

  /**
   * Deletes a record and emits `*.deleted`. Records linking to it keep existing with the link
   * set to `null` (`nullify`, one `*.updated` each); a `restrict` link that is still used
   * refuses the delete.
   */
  delete(org: Org, plural: string, id: string): StoredRecord {
    const declaration = this.declaration(plural);
    const record = this.get(org, plural, id);
    const incoming = this.incoming.get(plural) ?? [];
    for (const { from, field, link } of incoming) {
      if (link.onDelete !== 'restrict') continue;
      const [first] = org.collection(from.plural).table.bucket(field, record.id);
      if (first) {
        throw new RecordInUse(
          `${declaration.title} ${id} still has ${from.plural}; delete them or move them first`,
          id,
          { [from.plural]: first.id },
        );
      }
    }
    org.collection(plural).remove(record);
    const time = this.timestamp();
    this.emitRecord(org, declaration, 'deleted', { id: record.id }, time);
    for (const { from, field, link } of incoming) {
      const linking = org.collection(from.plural);
      for (const linked of [...linking.table.bucket(field, record.id)]) {
        if (link.onDelete === 'nullify') this.replace(org, from, linked, { ...linked, [field]: null }, time);
        else if (link.onDelete === 'cascade') linking.remove(linked);
      }
    }
    return record;
  }

  /**
   * Points every record that links to `fromId` (of the resource `plural`) at `toId` instead,
   * one `*.updated` each: what a merge does with the duplicates' deals, activities and tasks.
   */
  relink(org: Org, plural: string, fromId: string, toId: string, time = this.timestamp()): void {
    for (const { from, field } of this.incoming.get(plural) ?? []) {
      for (const linked of [...org.collection(from.plural).table.bucket(field, fromId)]) {
        this.replace(org, from, linked, { ...linked, [field]: toId }, time);
      }
    }
  }

  /**
   * Reads one page of a list: the cursor is checked against the query it came from (sort and
   * filters), a filter on a dedup key is answered from its index (one row at most), anything
   * else is read from the table in keyset order, and the next cursor names the last row.
   * `scope` fixes fields for nested lists (`company_id` for `/companies/:id/contacts`).
   */
  list(
    org: Org,
    plural: string,
    query: ListQuery,
    scope: Readonly<Record<string, string>> = {},
  ): ListResult<StoredRecord> {
    const declaration = this.declaration(plural);
    const collection = org.collection(plural);
    const { field, descending } = parseSort(query.sort);
    const equals: [string, string][] = [];
    const checks: ((row: StoredRecord) => boolean)[] = [];
    const parts: unknown[] = [plural, field, descending];
    let unique: { field: string; value: string } | undefined;
    for (const [name, value] of Object.entries(scope)) {
      equals.push([name, value]);
      parts.push(`${name}=${value}`);
    }
    for (const [param, spec] of Object.entries(declaration.filters)) {
      const raw = query[param];
      if (raw === undefined) {
        parts.push(null);
        continue;
      }
      switch (spec.kind) {
        case 'eq': {
          const value = String(raw);
          equals.push([spec.field ?? param, value]);
          parts.push(value);
          break;
        }
        case 'unique': {
          const value = this.convert(org, declaration, spec.field, raw) as string;
          unique = { field: spec.field, value };
          checks.push((row) => row[spec.field] === value);
          parts.push(value);
          break;
        }
        case 'search': {
          const needle = String(raw).toLowerCase();
          checks.push((row) => spec.fields.some((f) => text(row[f])?.toLowerCase().includes(needle)));
          parts.push(needle);
          break;
        }
        case 'after':
        case 'before': {
          const instant = Date.parse(String(raw));
          const after = spec.kind === 'after';
          checks.push((row) => {
            const value = text(row[spec.field]);
            if (value === undefined) return false;
            const time = Date.parse(value);
            return after ? time > instant : time < instant;
          });
          parts.push(instant);
          break;
        }
      }
    }
    const signature = querySignature(parts);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, signature);
    const matches = (row: StoredRecord): boolean =>
      equals.every(([name, value]) => {
        const held = row[name];
        return held !== null && held !== undefined && String(held) === value;
      }) && checks.every((check) => check(row));
    const limit = query.limit ?? PAGE_SIZE.default;
    if (unique) {
      const row = collection.holder(unique.field, unique.value);
      const rows = row && matches(row) && isAfter(row, field, descending, after) ? [row] : [];
      return { rows: rows.slice(0, limit), hasMore: false, cursor: null };
    }
    const page = collection.table.page({ sortField: field, descending, after, limit, equals, matches });
    const last = page.rows[page.rows.length - 1];
    const cursor =
      page.hasMore && last ? encodeCursor({ value: sortValue(last, field), id: last.id }, signature) : null;
    return { rows: page.rows, hasMore: page.hasMore, cursor };
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /**
   * A page of the org's events, oldest first, after the event `after` (or `cursor`, the same
   * thing as `meta.cursor` returns it), of the given `types` when set. Unlike other lists, the
   * cursor stays set on the last page: it is where a poller resumes.
   */
  listEvents(
    org: Org,
    query: {
      after?: string | undefined;
      cursor?: string | undefined;
      limit?: number | undefined;
      type?: readonly string[] | undefined;
    },
  ): ListResult<EventRecord> {
    if (query.after !== undefined && query.cursor !== undefined && query.after !== query.cursor) {
      throw new InvalidInput('cursor', '`cursor` and `after` name the same position; send one of them');
    }
    const from = query.cursor ?? query.after;
    const param = query.cursor === undefined ? 'after' : 'cursor';
    const start = from === undefined ? 0 : org.events.indexAfter(from, param);
    const events = org.events;
    const limit = query.limit ?? PAGE_SIZE.default;
    const types = query.type?.length ? new Set(query.type) : undefined;
    const rows: EventRecord[] = [];
    let i = start;
    for (; i < events.size && rows.length < limit; i++) {
      const event = events.at(i) as EventRecord;
      if (!types || types.has(event.type)) rows.push(event);
    }
    let hasMore = false;
    for (let j = i; j < events.size; j++) {
      if (!types || types.has((events.at(j) as EventRecord).type)) {
        hasMore = true;
        break;
      }
    }
    // The cursor names the last event looked at, so a filtered poll does not rescan skipped ones.
    const last = i > start ? events.at(i - 1) : undefined;
    const cursor = last ? last.id : (from ?? null);
    return { rows, hasMore, cursor };
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots

  /** The org's state, sharing the stored (immutable) records. */
  state(name: string): OrgState {
    const org = this.peek(name);
    const state: Record<string, readonly unknown[]> = {};
    for (const [plural, collection] of org.collections) state[plural] = collection.all();
    state.events = org.events.all();
    return state as OrgState;
  }

  /** Replaces an org's state (restore). */
  load(name: string, state: Partial<OrgState>): void {
    const org = new Org(name, this.options.resources, this.retention);
    for (const [plural, collection] of org.collections) {
      collection.load((state[plural] ?? []) as StoredRecord[]);
    }
    org.events.load(state.events ?? []);
    this.orgs.set(name, org);
  }
}

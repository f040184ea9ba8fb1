import { COMPANIES, CONTACTS, defineResource, type ResourceDeclaration } from '@rex/types';
import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateKey, InvalidInput, InvalidLink, RecordInUse, RecordNotFound } from '../../engine/errors.js';
import { Store } from '../../engine/store.js';
import { createClock } from '../helpers.js';

// A resource that exists only here: a new resource is a declaration, and the engine does the rest.
// Its schemas are stand-ins: the store only reads the create schema on an upsert.
const passthrough = {
  safeParse: (value: unknown) => ({ success: true, data: value }),
} as unknown as ResourceDeclaration['schemas']['create'];
const WIDGETS = defineResource({
  name: 'widget',
  plural: 'widgets',
  title: 'Widget',
  prefix: 'wdgt',
  fields: ['id', 'name', 'sku', 'rank', 'company_id', 'metadata', 'created_at', 'updated_at'],
  sortFields: ['created_at', 'name'],
  defaults: { rank: 0 },
  unique: [{ fields: ['name', 'sku'] }],
  filters: { company_id: { kind: 'eq' }, search: { kind: 'search', fields: ['name'] } },
  links: { company_id: { to: 'companies', as: 'company', onDelete: 'restrict' } },
  schemas: { record: passthrough, create: passthrough },
});

let clock: ReturnType<typeof createClock>;
let store: Store;
let n: number;
beforeEach(() => {
  clock = createClock('2026-03-16T12:00:00.000Z');
  n = 0;
  store = new Store({
    resources: [COMPANIES, CONTACTS, WIDGETS],
    ids: (prefix) => `${prefix}_${String(++n).padStart(26, '0')}`,
    now: clock.now,
  });
});

describe('Store', () => {
  it('builds records from a declaration: field order, defaults, nulls, normalised keys, events', () => {
    const org = store.org('o');
    const contact = store.create(org, 'contacts', {
      email: ' Ada@Example.COM ',
      icp_scored_at: '2026-03-16T13:00:00+01:00',
    });
    expect(Object.keys(contact)).toEqual([...CONTACTS.fields]);
    expect(contact).toMatchObject({
      email: 'ada@example.com',
      stage: 'lead',
      source: 'other',
      title: null,
      metadata: {},
    });
    expect(contact.icp_scored_at).toBe('2026-03-16T12:00:00.000Z');
    const widget = store.create(org, 'widgets', { name: 'W' });
    expect(widget).toMatchObject({ rank: 0, sku: null, company_id: null });
    expect(org.events.all().map((e) => e.type)).toEqual(['contact.created', 'widget.created']);
  });

  it('throws domain errors: unknown id, duplicate key (composite too), invalid link', () => {
    const org = store.org('o');
    expect(() => store.get(org, 'contacts', 'cont_x')).toThrow(RecordNotFound);
    const first = store.create(org, 'contacts', { email: 'a@x.com' });
    expect(() => store.create(org, 'contacts', { email: 'A@X.com' })).toThrow(
      expect.objectContaining({ constructor: DuplicateKey, existingId: first.id, param: 'email' }),
    );
    store.create(org, 'widgets', { name: 'W', sku: '1' });
    store.create(org, 'widgets', { name: 'W' }); // a null part: not a key
    expect(() => store.create(org, 'widgets', { name: 'W', sku: '1' })).toThrow(DuplicateKey);
    expect(() => store.create(org, 'widgets', { name: 'X', company_id: 'comp_nope' })).toThrow(InvalidLink);
  });

  it('patches: no-op keeps updated_at, a change moves it, metadata merges', () => {
    const org = store.org('o');
    const c = store.create(org, 'contacts', { email: 'a@x.com', metadata: { a: 1, b: 2 } });
    expect(store.update(org, 'contacts', c, { email: 'A@x.com' })).toBe(c);
    clock.tick(1000);
    const next = store.update(org, 'contacts', c, { metadata: { a: null, c: 3 } });
    expect(next.metadata).toEqual({ b: 2, c: 3 });
    expect(next.updated_at).toBe('2026-03-16T12:00:01.000Z');
  });

  it('refuses metadata deeper than 32 levels or over 64 KiB after a merge, storing nothing', () => {
    const org = store.org('o');
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => store.create(org, 'contacts', { email: 'a@x.com', metadata: deep })).toThrow(InvalidInput);
    const c = store.create(org, 'contacts', { email: 'b@x.com', metadata: { a: 'x'.repeat(40_000) } });
    expect(() => store.update(org, 'contacts', c, { metadata: { b: 'y'.repeat(40_000) } })).toThrow(/64 KiB/);
    expect(store.get(org, 'contacts', c.id)).toBe(c);
    expect(org.collection('contacts').size).toBe(1);
  });

  it('cascades a delete: nullify links (one updated event each), restrict while linked', () => {
    const org = store.org('o');
    const acme = store.create(org, 'companies', { name: 'Acme' });
    const ada = store.create(org, 'contacts', { email: 'a@x.com', company_id: acme.id });
    const widget = store.create(org, 'widgets', { name: 'W', company_id: acme.id });
    expect(() => store.delete(org, 'companies', acme.id)).toThrow(RecordInUse);
    store.delete(org, 'widgets', widget.id);
    store.delete(org, 'companies', acme.id);
    expect(store.get(org, 'contacts', ada.id).company_id).toBeNull();
    expect(
      org.events
        .all()
        .slice(-2)
        .map((e) => e.type),
    ).toEqual(['company.deleted', 'contact.updated']);
  });

  it('upserts by the declared key and applies the create schema when creating', () => {
    const org = store.org('o');
    expect(() => store.upsert(org, 'companies', { domain: 'acme.com' })).toThrow(
      /`name` is required to create a company/,
    );
    expect(store.upsert(org, 'companies', { domain: 'https://www.acme.com', name: 'Acme' }).created).toBe(
      true,
    );
    const again = store.upsert(org, 'companies', { domain: 'ACME.com', industry: 'tools' });
    expect(again).toMatchObject({ created: false, record: { name: 'Acme', industry: 'tools' } });
  });

  it('lists with declared filters, a nested scope and keyset cursors bound to their query', () => {
    const org = store.org('o');
    const acme = store.create(org, 'companies', { name: 'Acme' });
    for (let i = 0; i < 5; i++) {
      clock.tick(1000);
      store.create(org, 'contacts', {
        email: `p${i}@x.com`,
        stage: i % 2 ? 'customer' : 'lead',
        company_id: acme.id,
      });
    }
    const page = store.list(org, 'contacts', { stage: 'lead', limit: 2 });
    expect(page.rows.map((r) => r.email)).toEqual(['p4@x.com', 'p2@x.com']);
    const rest = store.list(org, 'contacts', { stage: 'lead', limit: 2, cursor: page.cursor ?? '' });
    expect(rest).toMatchObject({ hasMore: false, cursor: null });
    expect(rest.rows.map((r) => r.email)).toEqual(['p0@x.com']);
    expect(() => store.list(org, 'contacts', { stage: 'customer', cursor: page.cursor ?? '' })).toThrow(
      InvalidInput,
    );
    expect(store.list(org, 'contacts', { email: 'P3@X.com' }).rows.map((r) => r.email)).toEqual(['p3@x.com']);
    expect(store.list(org, 'contacts', {}, { company_id: acme.id }).rows).toHaveLength(5);
    expect(store.list(org, 'contacts', { search: 'P1' }).rows).toHaveLength(1);
  });

  it('reads an org nobody wrote as empty without creating it', () => {
    expect(store.list(store.peek('ghost'), 'contacts', {}).rows).toEqual([]);
    expect(store.orgNames()).toEqual([]);
  });
});

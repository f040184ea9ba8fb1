import { CONTACT_FIELDS, CONTACTS } from '@rex/types';
import type { Metadata, StoredRecord } from '../engine/collection.js';
import { InvalidInput } from '../engine/errors.js';
import { setKey } from '../engine/json.js';
import { crudOperations, nestedList } from '../operations/crud.js';
import { one } from '../operations/render.js';
import type { Operation, Operations } from '../operations/types.js';

// Fields a merge may fill: every nullable field of a contact.
const FILLABLE = CONTACT_FIELDS.filter(
  (f) => !['id', 'email', 'stage', 'source', 'metadata', 'created_at', 'updated_at'].includes(f),
);

/**
 * `POST /contacts/merge` (our reading of Rex): the primary's null fields take the first non-null
 * value among the duplicates in order, metadata keys merge with the primary winning, and the
 * duplicates are deleted. Always a change: one `contact.updated` for the primary, then one
 * `contact.deleted` per duplicate; records linking to a duplicate (deals, activities, tasks) are
 * moved to the primary, one `*.updated` each.
 */
const merge: Operation<'contacts.merge'> = ({ store, org, body }) => {
  const ids = [...new Set(body.duplicate_ids)];
  if (ids.includes(body.primary_id)) {
    throw new InvalidInput('duplicate_ids', '`duplicate_ids` must not contain `primary_id`');
  }
  const primary = store.get(org, 'contacts', body.primary_id, 'primary_id');
  const duplicates = ids.map((id) => store.get(org, 'contacts', id, 'duplicate_ids'));
  const next: Record<string, unknown> = { ...primary };
  for (const field of FILLABLE) {
    if (next[field] !== null) continue;
    const donor = duplicates.find((d) => d[field] !== null);
    if (donor) next[field] = donor[field];
  }
  const metadata: Metadata = {};
  for (const source of [...duplicates].reverse().concat(primary)) {
    for (const [key, value] of Object.entries(source.metadata as Metadata)) setKey(metadata, key, value);
  }
  next.metadata = metadata;
  const collection = org.collection('contacts');
  for (const duplicate of duplicates) collection.remove(duplicate);
  const merged = store.replace(org, CONTACTS, primary, next);
  for (const duplicate of duplicates) {
    store.emit(org, 'contact.deleted', { id: duplicate.id }, merged.updated_at);
    // Without this the duplicates' deals, activities and tasks kept pointing at a deleted contact.
    store.relink(org, 'contacts', duplicate.id, merged.id, merged.updated_at);
  }
  return one(200, merged);
};

/**
 * What `POST /capture` answers [Rex's example]: only what the visitor sent about themselves and
 * the contact's id — never the stored record's other fields, since anyone may call it.
 */
const CAPTURE_FIELDS = ['id', 'email', 'first_name', 'last_name', 'stage', 'source', 'created_at'] as const;

const capture: Operation<'capture'> = ({ store, org, body }) => {
  const { record, created } = store.upsert(org, 'contacts', body);
  const shown: Record<string, unknown> = {};
  for (const field of CAPTURE_FIELDS) shown[field] = (record as StoredRecord)[field];
  return one(created ? 201 : 200, shown);
};

/** The mock's contacts: the generic operations, merge, capture, and a company's contacts. */
export const CONTACT_OPERATIONS = {
  ...crudOperations('contacts', ['create', 'list', 'get', 'update', 'delete', 'upsert']),
  'contacts.merge': merge,
  'companies.listContacts': nestedList('companies', 'contacts', 'company_id'),
  capture,
} satisfies Partial<Operations>;

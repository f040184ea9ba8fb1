import type { StoredRecord } from '../engine/collection.js';
import type { ResourceHooks, Store } from '../engine/store.js';
import { crud } from '../operations/crud.js';
import { one } from '../operations/render.js';
import type { Operation, Operations } from '../operations/types.js';
import type { KeyRing } from '../stages/auth.js';

/**
 * An API key keeps its secret in the stored record (so snapshots restore working keys) and is
 * answered with its declared fields only: never the key, only `last4`.
 */
export const API_KEY_HOOKS: ResourceHooks = {
  prepare(draft, { store, current }) {
    if (current) return;
    // `rex_test_` and a TypeID suffix: a test key, as the mock makes them.
    const key = `rex_test_${store.newId('key').slice('key_'.length)}`;
    draft.key = key;
    draft.last4 = key.slice(-4);
  },
  present: () => ({}),
};

const create: Operation<'apiKeys.create'> = ({ store, org, body, keys }) => {
  const record = store.create(org, 'apikeys', body);
  keys.add(record.key as string, { org: org.name, scope: body.scope });
  return { status: 201, body: { data: store.present(org, 'apikeys', record), key: record.key } };
};

const revoke: Operation<'apiKeys.delete'> = ({ store, org, params, keys }) => {
  const record = store.delete(org, 'apikeys', params.id);
  keys.revoke(record.key as string);
  return one(200, { id: record.id, deleted: true });
};

/** Makes every stored API key work again (after a restore or a seed), with its scope and org. */
export function syncKeys(store: Store, keys: KeyRing): void {
  for (const name of store.orgNames()) {
    for (const record of store.peek(name).collection('apikeys').all() as StoredRecord[]) {
      if (typeof record.key === 'string') keys.add(record.key, { org: name, scope: record.scope as never });
    }
  }
}

/** The mock's API keys: create (the key once), list, revoke. */
export const API_KEY_OPERATIONS = {
  'apiKeys.create': create,
  'apiKeys.list': crud('apikeys').list,
  'apiKeys.delete': revoke,
} satisfies Partial<Operations>;

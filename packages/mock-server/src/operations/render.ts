import type { ResourceDeclaration } from '@rex/types';
import type { StoredRecord } from '../engine/collection.js';
import type { ListResult, Org, Store } from '../engine/store.js';
import type { OperationResult } from './types.js';

/** How a record is shown: a sparse fieldset and related records to embed. */
export interface View {
  readonly fields?: readonly string[] | undefined;
  readonly include?: readonly string[] | undefined;
}

/**
 * A record as answered: only `fields` (and `id`) when a sparse fieldset is asked for, and each
 * `include` embedded — a link by its name (`company`: the record or `null`), or the records of
 * another resource that link to this one by that resource's name (`activities`).
 */
export function render(
  store: Store,
  org: Org,
  declaration: ResourceDeclaration,
  record: StoredRecord,
  view: View,
): Record<string, unknown> {
  const shown = store.present(org, declaration.plural, record);
  let out: Record<string, unknown> = shown;
  if (view.fields) {
    out = { id: shown.id };
    for (const field of view.fields) out[field] = shown[field];
  }
  if (!view.include?.length) return out;
  out = { ...out };
  for (const name of view.include) {
    const link = Object.entries(declaration.links ?? {}).find(([, spec]) => spec.as === name);
    if (link) {
      const [field, spec] = link;
      const id = record[field];
      const target = typeof id === 'string' ? org.collection(spec.to).get(id) : undefined;
      // Embedded as answered on its own: computed fields in, internal fields out.
      out[name] = target ? store.present(org, spec.to, target) : null;
      continue;
    }
    const custom = store.include(declaration.plural, name);
    if (custom) {
      out[name] = custom(record, { store, org });
      continue;
    }
    const from = store.resources.get(name);
    const field = Object.entries(from?.links ?? {}).find(([, spec]) => spec.to === declaration.plural)?.[0];
    if (from && field) {
      out[name] = [...org.collection(from.plural).table.bucket(field, record.id)].map((linked) =>
        store.present(org, from.plural, linked),
      );
    }
  }
  return out;
}

/** The `{ data }` envelope with a status. */
export const one = (status: number, data: unknown): OperationResult => ({ status, body: { data } });

/** The list envelope of a page. */
export function list<R>(page: ListResult<R>, show: (row: R) => unknown): OperationResult {
  return {
    status: 200,
    body: { data: page.rows.map(show), meta: { cursor: page.cursor, has_more: page.hasMore } },
  };
}

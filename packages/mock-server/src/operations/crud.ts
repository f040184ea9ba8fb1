import type { StoredRecord } from '../engine/collection.js';
import type { ListQuery, Org, Store } from '../engine/store.js';
import { list, one, render, type View } from './render.js';
import type { OperationResult } from './types.js';

/** What the generic operations read from a context; every typed context provides it. */
export interface Ctx {
  store: Store;
  org: Org;
  params: { readonly id?: string };
  query: object;
  body: unknown;
}

export type Generic = (ctx: Ctx) => OperationResult;

const id = (ctx: Ctx): string => ctx.params.id as string;
const fields = (body: unknown): Readonly<Record<string, unknown>> => body as Record<string, unknown>;

/**
 * The operations every resource has, for the resource with this plural name: create, list,
 * get, update, delete, and upsert when it declares an upsert key. Each only calls the store;
 * the stages have authenticated, rate-limited and validated the request.
 */
export function crud(plural: string) {
  const presented = (ctx: Ctx, record: StoredRecord) => ctx.store.present(ctx.org, plural, record);
  const show = (ctx: Ctx) => (record: StoredRecord) =>
    render(ctx.store, ctx.org, ctx.store.declaration(plural), record, ctx.query as View);
  return {
    create: ((ctx) =>
      one(201, presented(ctx, ctx.store.create(ctx.org, plural, fields(ctx.body))))) as Generic,
    list: ((ctx) => list(ctx.store.list(ctx.org, plural, ctx.query as ListQuery), show(ctx))) as Generic,
    get: ((ctx) => one(200, show(ctx)(ctx.store.get(ctx.org, plural, id(ctx))))) as Generic,
    update: ((ctx) => {
      const current = ctx.store.get(ctx.org, plural, id(ctx));
      return one(200, presented(ctx, ctx.store.update(ctx.org, plural, current, fields(ctx.body))));
    }) as Generic,
    delete: ((ctx) => {
      ctx.store.delete(ctx.org, plural, id(ctx));
      return one(200, { id: id(ctx), deleted: true });
    }) as Generic,
    upsert: ((ctx) => {
      const { record, created } = ctx.store.upsert(ctx.org, plural, fields(ctx.body));
      return one(created ? 201 : 200, presented(ctx, record));
    }) as Generic,
  };
}

/** An operation every resource can have. */
export type Verb = 'create' | 'list' | 'get' | 'update' | 'delete' | 'upsert';

/**
 * The generic operations of a resource, keyed by operation id (`contacts.create`, …), for the
 * verbs its routes have.
 */
export function crudOperations<P extends string, V extends Verb>(
  plural: P,
  verbs: readonly V[],
): Record<`${P}.${V}`, Generic> {
  const operations = crud(plural);
  return Object.fromEntries(verbs.map((verb) => [`${plural}.${verb}`, operations[verb]])) as Record<
    `${P}.${V}`,
    Generic
  >;
}

/**
 * A nested list: the records of `plural` linking through `field` to the path's record of
 * `parent` (`GET /companies/:id/contacts`), after checking that record exists.
 */
export function nestedList(parent: string, plural: string, field: string): Generic {
  return (ctx) => {
    ctx.store.get(ctx.org, parent, id(ctx));
    const page = ctx.store.list(ctx.org, plural, ctx.query as ListQuery, { [field]: id(ctx) });
    return list(page, (record) =>
      render(ctx.store, ctx.org, ctx.store.declaration(plural), record, ctx.query as View),
    );
  };
}

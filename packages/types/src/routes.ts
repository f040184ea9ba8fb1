/**
 * What a key must allow to call an endpoint: `read` (any key), `write` (`read-write` keys) or
 * `none` (no key at all: `POST /capture`).
 */
export type RouteAccess = 'read' | 'write' | 'none';

/** An HTTP method a Rex endpoint uses. */
export type RouteMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The facts of one endpoint that both sides need and that carry no schema: how it is called,
 * what a key must allow, and whether sending it twice leaves Rex as sending it once.
 *
 * The SDK reads it to build the URL, decide whether to send the key and whether to retry; the
 * mock reads it to route, authorise and check path ids. Schemas live in `ENDPOINTS`, so a
 * browser bundle that imports the routes does not pay for every schema.
 */
export interface Route {
  readonly method: RouteMethod;
  /** Path with `{name}` for each path parameter, such as `/contacts/{id}`. */
  readonly path: string;
  readonly access: RouteAccess;
  /**
   * Whether repeating the call is safe (reads, PATCH, DELETE, upserts, capture). A call that is
   * not (a plain create, a merge) is retried only when Rex cannot have processed it.
   */
  readonly idempotent: boolean;
  /**
   * The TypeID prefix each path parameter must carry; any other value is a 404 before the
   * store is asked.
   */
  readonly ids?: Readonly<Record<string, string>>;
}

/**
 * One endpoint in {@link ROUTES}'s compact form: `METHOD /path`, then what differs from the
 * defaults. A GET needs a `read` key and any other method a `write` key, unless an access is
 * written (`write` for `GET /apikeys`, `none` for `POST /capture`); every method but POST is
 * idempotent, and a POST is when `idempotent` is written (upserts, a stage move). A path
 * parameter is written `{name:prefix}`, with the TypeID prefix its value must carry
 * (`/contacts/{id:cont}`); the route's `path` keeps `{name}` and its `ids` the prefixes. Written
 * this way so that a browser bundle carries the table once, in few bytes.
 */
export type RouteSpec = `${RouteMethod} /${string}${'' | ` ${RouteAccess}`}${'' | ' idempotent'}`;

type PathOf<P extends string> = P extends `${infer A}{${infer N}:${string}}${infer R}`
  ? `${A}{${N}}${PathOf<R>}`
  : P;
type IdsOf<P extends string> = P extends `${string}{${infer N}:${infer X}}${infer R}`
  ? { readonly [K in N]: X } & IdsOf<R>
  : unknown;

type AccessOf<M, Flags> = Flags extends `${infer A extends RouteAccess} idempotent`
  ? A
  : Flags extends RouteAccess
    ? Flags
    : M extends 'GET'
      ? 'read'
      : 'write';

/** The {@link Route} a {@link RouteSpec} stands for, with its literal method, path, access and ids. */
export type RouteOf<S extends string> = S extends `${infer M extends RouteMethod} ${infer Spec}`
  ? (Spec extends `${infer P} ${infer Flags}` ? [P, Flags] : [Spec, '']) extends [
      infer P extends string,
      infer Flags extends string,
    ]
    ? {
        readonly method: M;
        readonly path: PathOf<P>;
        readonly access: AccessOf<M, Flags>;
        readonly idempotent: M extends 'POST' ? (Flags extends `${string}idempotent` ? true : false) : true;
      } & (P extends `${string}{${string}` ? { readonly ids: IdsOf<P> } : unknown)
    : never
  : never;

// @__NO_SIDE_EFFECTS__
function routes<const T extends Record<string, RouteSpec>>(
  specs: T,
): { readonly [K in keyof T]: RouteOf<T[K]> } {
  const table: Record<string, Route> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const [method, template, ...flags] = spec.split(' ') as [RouteMethod, string, ...string[]];
    const ids: Record<string, string> = {};
    const path = template.replace(/\{(\w+):(\w+)\}/g, (_, param: string, prefix: string) => {
      ids[param] = prefix;
      return `{${param}}`;
    });
    table[name] = {
      method,
      path,
      access: (flags.find((flag) => flag !== 'idempotent') ??
        (method === 'GET' ? 'read' : 'write')) as RouteAccess,
      idempotent: method !== 'POST' || flags.includes('idempotent'),
      ...(path !== template && { ids }),
    };
  }
  return table as { readonly [K in keyof T]: RouteOf<T[K]> };
}

/**
 * Every endpoint of the Rex API this version knows, by operation id (`contacts.create`, the SDK
 * method's name). One table for the SDK and the mock server.
 */
export const ROUTES = /* @__PURE__ */ routes({
  'contacts.create': 'POST /contacts',
  'contacts.list': 'GET /contacts',
  'contacts.upsert': 'POST /contacts/upsert idempotent',
  'contacts.merge': 'POST /contacts/merge',
  'contacts.get': 'GET /contacts/{id:cont}',
  'contacts.update': 'PATCH /contacts/{id:cont}',
  'contacts.delete': 'DELETE /contacts/{id:cont}',
  'companies.create': 'POST /companies',
  'companies.list': 'GET /companies',
  'companies.upsert': 'POST /companies/upsert idempotent',
  'companies.get': 'GET /companies/{id:comp}',
  'companies.update': 'PATCH /companies/{id:comp}',
  'companies.delete': 'DELETE /companies/{id:comp}',
  'companies.listContacts': 'GET /companies/{id:comp}/contacts',
  capture: 'POST /capture none idempotent',
  'events.list': 'GET /events',
  'contacts.listDeals': 'GET /contacts/{id:cont}/deals',
  'contacts.listActivities': 'GET /contacts/{id:cont}/activities',
  'contacts.listTasks': 'GET /contacts/{id:cont}/tasks',
  'companies.listDeals': 'GET /companies/{id:comp}/deals',
  'deals.create': 'POST /deals',
  'deals.list': 'GET /deals',
  'deals.get': 'GET /deals/{id:deal}',
  'deals.update': 'PATCH /deals/{id:deal}',
  'deals.delete': 'DELETE /deals/{id:deal}',
  'deals.moveStage': 'POST /deals/{id:deal}/stage idempotent',
  'deals.history': 'GET /deals/{id:deal}/history',
  'deals.listActivities': 'GET /deals/{id:deal}/activities',
  'deals.listTasks': 'GET /deals/{id:deal}/tasks',
  'pipelines.create': 'POST /pipelines',
  'pipelines.list': 'GET /pipelines',
  'pipelines.get': 'GET /pipelines/{id:pipe}',
  'pipelines.update': 'PATCH /pipelines/{id:pipe}',
  'pipelines.delete': 'DELETE /pipelines/{id:pipe}',
  'pipelines.listDeals': 'GET /pipelines/{id:pipe}/deals',
  'pipelines.addStage': 'POST /pipelines/{id:pipe}/stages',
  'pipelines.reorderStages': 'PUT /pipelines/{id:pipe}/stages',
  'pipelines.deleteStage': 'DELETE /pipelines/{id:pipe}/stages/{stage_id:stg}',
  'activities.create': 'POST /activities',
  'activities.list': 'GET /activities',
  'activities.get': 'GET /activities/{id:act}',
  'activities.update': 'PATCH /activities/{id:act}',
  'activities.delete': 'DELETE /activities/{id:act}',
  'tasks.create': 'POST /tasks',
  'tasks.list': 'GET /tasks',
  'tasks.get': 'GET /tasks/{id:task}',
  'tasks.update': 'PATCH /tasks/{id:task}',
  'tasks.delete': 'DELETE /tasks/{id:task}',
  'products.create': 'POST /products',
  'products.list': 'GET /products',
  'products.get': 'GET /products/{id:prod}',
  'products.update': 'PATCH /products/{id:prod}',
  'products.delete': 'DELETE /products/{id:prod}',
  'apiKeys.create': 'POST /apikeys',
  'apiKeys.list': 'GET /apikeys write',
  'apiKeys.delete': 'DELETE /apikeys/{id:key}',
  'webhooks.create': 'POST /webhooks',
  'webhooks.list': 'GET /webhooks',
  'webhooks.get': 'GET /webhooks/{id:whk}',
  'webhooks.update': 'PATCH /webhooks/{id:whk}',
  'webhooks.delete': 'DELETE /webhooks/{id:whk}',
  'webhooks.listDeliveries': 'GET /webhooks/{id:whk}/deliveries',
  'webhooks.ping': 'POST /webhooks/{id:whk}/ping',
  'webhooks.replay': 'POST /webhooks/{id:whk}/replay',
});

/** The name of an endpoint: a key of {@link ROUTES}, such as `contacts.create`. */
export type OperationId = keyof typeof ROUTES;

/**
 * Fills a route's path parameters, each escaped: ids are opaque strings [Rex].
 * @example
 * routePath(ROUTES['contacts.get'], { id: 'cont_01h455vb4pex5vsknk084sn02q' }); // '/contacts/cont_01h…'
 */
export function routePath(route: Route, params?: Readonly<Record<string, string>>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

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
 * One endpoint in {@link ROUTES}'s compact form: `METHOD /path access`, then `idempotent` when
 * repeating the call is safe. A path parameter is written `{name:prefix}`, with the TypeID prefix
 * its value must carry (`/contacts/{id:cont}`); the route's `path` keeps `{name}` and its `ids`
 * the prefixes. Written this way so that a browser bundle carries the table once, in few bytes.
 */
export type RouteSpec = `${RouteMethod} /${string} ${RouteAccess}${'' | ' idempotent'}`;

type PathOf<P extends string> = P extends `${infer A}{${infer N}:${string}}${infer R}`
  ? `${A}{${N}}${PathOf<R>}`
  : P;
type IdsOf<P extends string> = P extends `${string}{${infer N}:${infer X}}${infer R}`
  ? { readonly [K in N]: X } & IdsOf<R>
  : unknown;

/** The {@link Route} a {@link RouteSpec} stands for, with its literal method, path, access and ids. */
export type RouteOf<S extends string> = S extends `${infer M extends RouteMethod} ${infer P} ${infer Rest}`
  ? {
      readonly method: M;
      readonly path: PathOf<P>;
      readonly access: Rest extends `${infer A extends RouteAccess} idempotent` ? A : Rest;
      readonly idempotent: Rest extends `${string} idempotent` ? true : false;
    } & (P extends `${string}{${string}` ? { readonly ids: IdsOf<P> } : unknown)
  : never;

// @__NO_SIDE_EFFECTS__
function routes<const T extends Record<string, RouteSpec>>(
  specs: T,
): { readonly [K in keyof T]: RouteOf<T[K]> } {
  const table: Record<string, Route> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const [method, template, access, idempotent] = spec.split(' ') as [
      RouteMethod,
      string,
      RouteAccess,
      string?,
    ];
    const ids: Record<string, string> = {};
    const path = template.replace(/\{(\w+):(\w+)\}/g, (_, param: string, prefix: string) => {
      ids[param] = prefix;
      return `{${param}}`;
    });
    table[name] = {
      method,
      path,
      access,
      idempotent: idempotent === 'idempotent',
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
  'contacts.create': 'POST /contacts write',
  'contacts.list': 'GET /contacts read idempotent',
  'contacts.upsert': 'POST /contacts/upsert write idempotent',
  'contacts.merge': 'POST /contacts/merge write',
  'contacts.get': 'GET /contacts/{id:cont} read idempotent',
  'contacts.update': 'PATCH /contacts/{id:cont} write idempotent',
  'contacts.delete': 'DELETE /contacts/{id:cont} write idempotent',
  'companies.create': 'POST /companies write',
  'companies.list': 'GET /companies read idempotent',
  'companies.upsert': 'POST /companies/upsert write idempotent',
  'companies.get': 'GET /companies/{id:comp} read idempotent',
  'companies.update': 'PATCH /companies/{id:comp} write idempotent',
  'companies.delete': 'DELETE /companies/{id:comp} write idempotent',
  'companies.listContacts': 'GET /companies/{id:comp}/contacts read idempotent',
  capture: 'POST /capture none idempotent',
  'events.list': 'GET /events read idempotent',
  'contacts.listDeals': 'GET /contacts/{id:cont}/deals read idempotent',
  'contacts.listActivities': 'GET /contacts/{id:cont}/activities read idempotent',
  'contacts.listTasks': 'GET /contacts/{id:cont}/tasks read idempotent',
  'companies.listDeals': 'GET /companies/{id:comp}/deals read idempotent',
  'deals.create': 'POST /deals write',
  'deals.list': 'GET /deals read idempotent',
  'deals.get': 'GET /deals/{id:deal} read idempotent',
  'deals.update': 'PATCH /deals/{id:deal} write idempotent',
  'deals.delete': 'DELETE /deals/{id:deal} write idempotent',
  'deals.moveStage': 'POST /deals/{id:deal}/stage write idempotent',
  'deals.history': 'GET /deals/{id:deal}/history read idempotent',
  'deals.listActivities': 'GET /deals/{id:deal}/activities read idempotent',
  'deals.listTasks': 'GET /deals/{id:deal}/tasks read idempotent',
  'pipelines.create': 'POST /pipelines write',
  'pipelines.list': 'GET /pipelines read idempotent',
  'pipelines.get': 'GET /pipelines/{id:pipe} read idempotent',
  'pipelines.update': 'PATCH /pipelines/{id:pipe} write idempotent',
  'pipelines.delete': 'DELETE /pipelines/{id:pipe} write idempotent',
  'pipelines.listDeals': 'GET /pipelines/{id:pipe}/deals read idempotent',
  'pipelines.addStage': 'POST /pipelines/{id:pipe}/stages write',
  'pipelines.reorderStages': 'PUT /pipelines/{id:pipe}/stages write idempotent',
  'pipelines.deleteStage': 'DELETE /pipelines/{id:pipe}/stages/{stage_id:stg} write idempotent',
  'activities.create': 'POST /activities write',
  'activities.list': 'GET /activities read idempotent',
  'activities.get': 'GET /activities/{id:act} read idempotent',
  'activities.update': 'PATCH /activities/{id:act} write idempotent',
  'activities.delete': 'DELETE /activities/{id:act} write idempotent',
  'tasks.create': 'POST /tasks write',
  'tasks.list': 'GET /tasks read idempotent',
  'tasks.get': 'GET /tasks/{id:task} read idempotent',
  'tasks.update': 'PATCH /tasks/{id:task} write idempotent',
  'tasks.delete': 'DELETE /tasks/{id:task} write idempotent',
  'products.create': 'POST /products write',
  'products.list': 'GET /products read idempotent',
  'products.get': 'GET /products/{id:prod} read idempotent',
  'products.update': 'PATCH /products/{id:prod} write idempotent',
  'products.delete': 'DELETE /products/{id:prod} write idempotent',
  'apiKeys.create': 'POST /apikeys write',
  'apiKeys.list': 'GET /apikeys write idempotent',
  'apiKeys.delete': 'DELETE /apikeys/{id:key} write idempotent',
  'webhooks.create': 'POST /webhooks write',
  'webhooks.list': 'GET /webhooks read idempotent',
  'webhooks.get': 'GET /webhooks/{id:whk} read idempotent',
  'webhooks.update': 'PATCH /webhooks/{id:whk} write idempotent',
  'webhooks.delete': 'DELETE /webhooks/{id:whk} write idempotent',
  'webhooks.listDeliveries': 'GET /webhooks/{id:whk}/deliveries read idempotent',
  'webhooks.ping': 'POST /webhooks/{id:whk}/ping write',
  'webhooks.replay': 'POST /webhooks/{id:whk}/replay write',
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

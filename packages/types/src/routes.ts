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
 * (`/contacts/{id:cont}`); the route's `path` keeps `{name}` and its `ids` the prefixes.
 */
export type RouteSpec = `${RouteMethod} /${string}${'' | ` ${RouteAccess}`}${'' | ' idempotent'}`;

/**
 * The endpoints of one resource in {@link ROUTES}: the TypeID prefix of its ids, then each
 * endpoint by method name, as a {@link RouteSpec} whose path follows the resource's (`/` and its
 * name in lower case: `/apikeys` for `apiKeys`) and is left out when it is the resource's own
 * (`create: 'POST'`); a parameter written `{id}` takes the resource's prefix.
 */
export type RouteGroup = readonly [prefix: string, specs: Readonly<Record<string, string>>];

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

/** A group's spec written out in full: its path after the resource's, `{id}` with the prefix. */
type Expand<S extends string, Base extends string, X extends string> = S extends `${infer M} /${infer R}`
  ? `${M} ${Base}/${R extends `${infer A}{id}${infer B}` ? `${A}{id:${X}}${B}` : R}`
  : S extends `${infer M} ${infer Flags}`
    ? `${M} ${Base} ${Flags}`
    : `${S} ${Base}`;

/** The routes of each entry of the table, by operation id: one object per entry. */
type Entries<T> = {
  [K in keyof T & string]: T[K] extends readonly [infer X extends string, infer Specs]
    ? {
        readonly [N in keyof Specs & string as `${K}.${N}`]: RouteOf<
          Expand<Specs[N] & string, `/${Lowercase<K>}`, X>
        >;
      }
    : { readonly [P in K]: RouteOf<T[K] & string> };
}[keyof T & string];

/** The entries' objects as one. */
type Merge<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? { [K in keyof I]: I[K] }
  : never;

// @__NO_SIDE_EFFECTS__
function routes<const T extends Record<string, RouteSpec | RouteGroup>>(table: T): Merge<Entries<T>> {
  const out: Record<string, Route> = {};
  const add = (name: string, spec: string) => {
    const [method, template, ...flags] = spec.split(' ') as [RouteMethod, string, ...string[]];
    const ids: Record<string, string> = {};
    const path = template.replace(/\{(\w+):(\w+)\}/g, (_, param: string, prefix: string) => {
      ids[param] = prefix;
      return `{${param}}`;
    });
    out[name] = {
      method,
      path,
      access: (flags.find((flag) => flag !== 'idempotent') ??
        (method === 'GET' ? 'read' : 'write')) as RouteAccess,
      idempotent: method !== 'POST' || flags.includes('idempotent'),
      ...(path !== template && { ids }),
    };
  };
  for (const [key, entry] of Object.entries(table)) {
    if (typeof entry === 'string') {
      add(key, entry);
      continue;
    }
    const [prefix, specs] = entry as RouteGroup;
    for (const [name, spec] of Object.entries(specs)) {
      const [method, ...rest] = spec.split(' ');
      const path = rest[0]?.startsWith('/') ? rest.shift()!.replace('{id}', `{id:${prefix}}`) : '';
      add(`${key}.${name}`, [method, `/${key.toLowerCase()}${path}`, ...rest].join(' '));
    }
  }
  return out as Merge<Entries<T>>;
}

/**
 * Every endpoint of the Rex API this version knows, by operation id (`contacts.create`, the SDK
 * method's name): most by resource (`[prefix, { method: spec }]`, each path after the
 * resource's), the others (`capture`, `events.list`) one by one. One table for the SDK and the
 * mock server, written this way so that a browser bundle carries it in few bytes.
 */
export const ROUTES = /* @__PURE__ */ routes({
  contacts: [
    'cont',
    {
      create: 'POST',
      list: 'GET',
      upsert: 'POST /upsert idempotent',
      merge: 'POST /merge',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
      listDeals: 'GET /{id}/deals',
      listActivities: 'GET /{id}/activities',
      listTasks: 'GET /{id}/tasks',
    },
  ],
  companies: [
    'comp',
    {
      create: 'POST',
      list: 'GET',
      upsert: 'POST /upsert idempotent',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
      listContacts: 'GET /{id}/contacts',
      listDeals: 'GET /{id}/deals',
    },
  ],
  capture: 'POST /capture none idempotent',
  'events.list': 'GET /events',
  deals: [
    'deal',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
      moveStage: 'POST /{id}/stage idempotent',
      history: 'GET /{id}/history',
      listActivities: 'GET /{id}/activities',
      listTasks: 'GET /{id}/tasks',
    },
  ],
  pipelines: [
    'pipe',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
      listDeals: 'GET /{id}/deals',
      addStage: 'POST /{id}/stages',
      reorderStages: 'PUT /{id}/stages',
      deleteStage: 'DELETE /{id}/stages/{stage_id:stg}',
    },
  ],
  activities: [
    'act',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
    },
  ],
  tasks: [
    'task',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
    },
  ],
  products: [
    'prod',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
    },
  ],
  apiKeys: [
    'key',
    {
      create: 'POST',
      list: 'GET write',
      delete: 'DELETE /{id}',
    },
  ],
  webhooks: [
    'whk',
    {
      create: 'POST',
      list: 'GET',
      get: 'GET /{id}',
      update: 'PATCH /{id}',
      delete: 'DELETE /{id}',
      listDeliveries: 'GET /{id}/deliveries',
      ping: 'POST /{id}/ping',
      replay: 'POST /{id}/replay',
    },
  ],
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

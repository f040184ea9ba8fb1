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
 * Every endpoint of the Rex API this version knows, by operation id (`contacts.create`, the SDK
 * method's name). One table for the SDK and the mock server.
 */
export const ROUTES = {
  'contacts.create': { method: 'POST', path: '/contacts', access: 'write', idempotent: false },
  'contacts.list': { method: 'GET', path: '/contacts', access: 'read', idempotent: true },
  'contacts.upsert': { method: 'POST', path: '/contacts/upsert', access: 'write', idempotent: true },
  'contacts.merge': { method: 'POST', path: '/contacts/merge', access: 'write', idempotent: false },
  'contacts.get': {
    method: 'GET',
    path: '/contacts/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'contacts.update': {
    method: 'PATCH',
    path: '/contacts/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'contacts.delete': {
    method: 'DELETE',
    path: '/contacts/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'companies.create': { method: 'POST', path: '/companies', access: 'write', idempotent: false },
  'companies.list': { method: 'GET', path: '/companies', access: 'read', idempotent: true },
  'companies.upsert': { method: 'POST', path: '/companies/upsert', access: 'write', idempotent: true },
  'companies.get': {
    method: 'GET',
    path: '/companies/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'comp' },
  },
  'companies.update': {
    method: 'PATCH',
    path: '/companies/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'comp' },
  },
  'companies.delete': {
    method: 'DELETE',
    path: '/companies/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'comp' },
  },
  'companies.listContacts': {
    method: 'GET',
    path: '/companies/{id}/contacts',
    access: 'read',
    idempotent: true,
    ids: { id: 'comp' },
  },
  capture: { method: 'POST', path: '/capture', access: 'none', idempotent: true },
  'events.list': { method: 'GET', path: '/events', access: 'read', idempotent: true },
  'webhooks.create': { method: 'POST', path: '/webhooks', access: 'write', idempotent: false },
  'webhooks.list': { method: 'GET', path: '/webhooks', access: 'read', idempotent: true },
  'webhooks.get': {
    method: 'GET',
    path: '/webhooks/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'whk' },
  },
  'webhooks.update': {
    method: 'PATCH',
    path: '/webhooks/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'whk' },
  },
  'webhooks.delete': {
    method: 'DELETE',
    path: '/webhooks/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'whk' },
  },
  'webhooks.listDeliveries': {
    method: 'GET',
    path: '/webhooks/{id}/deliveries',
    access: 'read',
    idempotent: true,
    ids: { id: 'whk' },
  },
  'webhooks.ping': {
    method: 'POST',
    path: '/webhooks/{id}/ping',
    access: 'write',
    idempotent: false,
    ids: { id: 'whk' },
  },
  'webhooks.replay': {
    method: 'POST',
    path: '/webhooks/{id}/replay',
    access: 'write',
    idempotent: false,
    ids: { id: 'whk' },
  },
} as const satisfies Record<string, Route>;

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

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
  'contacts.listDeals': {
    method: 'GET',
    path: '/contacts/{id}/deals',
    access: 'read',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'contacts.listActivities': {
    method: 'GET',
    path: '/contacts/{id}/activities',
    access: 'read',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'contacts.listTasks': {
    method: 'GET',
    path: '/contacts/{id}/tasks',
    access: 'read',
    idempotent: true,
    ids: { id: 'cont' },
  },
  'companies.listDeals': {
    method: 'GET',
    path: '/companies/{id}/deals',
    access: 'read',
    idempotent: true,
    ids: { id: 'comp' },
  },
  'deals.create': { method: 'POST', path: '/deals', access: 'write', idempotent: false },
  'deals.list': { method: 'GET', path: '/deals', access: 'read', idempotent: true },
  'deals.get': { method: 'GET', path: '/deals/{id}', access: 'read', idempotent: true, ids: { id: 'deal' } },
  'deals.update': {
    method: 'PATCH',
    path: '/deals/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'deals.delete': {
    method: 'DELETE',
    path: '/deals/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'deals.moveStage': {
    method: 'POST',
    path: '/deals/{id}/stage',
    access: 'write',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'deals.history': {
    method: 'GET',
    path: '/deals/{id}/history',
    access: 'read',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'deals.listActivities': {
    method: 'GET',
    path: '/deals/{id}/activities',
    access: 'read',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'deals.listTasks': {
    method: 'GET',
    path: '/deals/{id}/tasks',
    access: 'read',
    idempotent: true,
    ids: { id: 'deal' },
  },
  'pipelines.create': { method: 'POST', path: '/pipelines', access: 'write', idempotent: false },
  'pipelines.list': { method: 'GET', path: '/pipelines', access: 'read', idempotent: true },
  'pipelines.get': {
    method: 'GET',
    path: '/pipelines/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'pipe' },
  },
  'pipelines.update': {
    method: 'PATCH',
    path: '/pipelines/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'pipe' },
  },
  'pipelines.delete': {
    method: 'DELETE',
    path: '/pipelines/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'pipe' },
  },
  'pipelines.listDeals': {
    method: 'GET',
    path: '/pipelines/{id}/deals',
    access: 'read',
    idempotent: true,
    ids: { id: 'pipe' },
  },
  'pipelines.addStage': {
    method: 'POST',
    path: '/pipelines/{id}/stages',
    access: 'write',
    idempotent: false,
    ids: { id: 'pipe' },
  },
  'pipelines.reorderStages': {
    method: 'PUT',
    path: '/pipelines/{id}/stages',
    access: 'write',
    idempotent: true,
    ids: { id: 'pipe' },
  },
  'pipelines.deleteStage': {
    method: 'DELETE',
    path: '/pipelines/{id}/stages/{stage_id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'pipe', stage_id: 'stg' },
  },
  'activities.create': { method: 'POST', path: '/activities', access: 'write', idempotent: false },
  'activities.list': { method: 'GET', path: '/activities', access: 'read', idempotent: true },
  'activities.get': {
    method: 'GET',
    path: '/activities/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'act' },
  },
  'activities.update': {
    method: 'PATCH',
    path: '/activities/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'act' },
  },
  'activities.delete': {
    method: 'DELETE',
    path: '/activities/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'act' },
  },
  'tasks.create': { method: 'POST', path: '/tasks', access: 'write', idempotent: false },
  'tasks.list': { method: 'GET', path: '/tasks', access: 'read', idempotent: true },
  'tasks.get': { method: 'GET', path: '/tasks/{id}', access: 'read', idempotent: true, ids: { id: 'task' } },
  'tasks.update': {
    method: 'PATCH',
    path: '/tasks/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'task' },
  },
  'tasks.delete': {
    method: 'DELETE',
    path: '/tasks/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'task' },
  },
  'products.create': { method: 'POST', path: '/products', access: 'write', idempotent: false },
  'products.list': { method: 'GET', path: '/products', access: 'read', idempotent: true },
  'products.get': {
    method: 'GET',
    path: '/products/{id}',
    access: 'read',
    idempotent: true,
    ids: { id: 'prod' },
  },
  'products.update': {
    method: 'PATCH',
    path: '/products/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'prod' },
  },
  'products.delete': {
    method: 'DELETE',
    path: '/products/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'prod' },
  },
  'apiKeys.create': { method: 'POST', path: '/apikeys', access: 'write', idempotent: false },
  'apiKeys.list': { method: 'GET', path: '/apikeys', access: 'write', idempotent: true },
  'apiKeys.delete': {
    method: 'DELETE',
    path: '/apikeys/{id}',
    access: 'write',
    idempotent: true,
    ids: { id: 'key' },
  },
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

import { describe, expect, expectTypeOf, it } from 'vitest';
import { ENDPOINT_SCHEMAS, ENDPOINTS, ROUTES, routePath } from '../index.js';

// ROUTES is written by resource, one line per endpoint with its path after the resource's and
// only what differs from the defaults (a GET needs a `read` key, any other method a `write` key;
// every method but POST is idempotent).

describe('ROUTES', () => {
  it('reads the defaults: a GET is read, other methods write; only a POST is not idempotent', () => {
    expect(ROUTES['contacts.list']).toEqual({
      method: 'GET',
      path: '/contacts',
      access: 'read',
      idempotent: true,
    });
    expect(ROUTES['contacts.create']).toEqual({
      method: 'POST',
      path: '/contacts',
      access: 'write',
      idempotent: false,
    });
    expect(ROUTES['pipelines.deleteStage']).toEqual({
      method: 'DELETE',
      path: '/pipelines/{id}/stages/{stage_id}',
      access: 'write',
      idempotent: true,
      ids: { id: 'pipe', stage_id: 'stg' },
    });
  });

  it("writes a group's paths under the resource's name in lower case, `{id}` with its prefix", () => {
    expect(ROUTES['apiKeys.delete']).toEqual({
      method: 'DELETE',
      path: '/apikeys/{id}',
      access: 'write',
      idempotent: true,
      ids: { id: 'key' },
    });
    expect(ROUTES['webhooks.listDeliveries']).toMatchObject({
      path: '/webhooks/{id}/deliveries',
      ids: { id: 'whk' },
    });
    expect(ROUTES['events.list'].path).toBe('/events');
    expect(ROUTES.capture.path).toBe('/capture');
  });

  it('lists ENDPOINTS in the order of ENDPOINT_SCHEMAS, one per route', () => {
    expect(ENDPOINTS.map((endpoint) => endpoint.operationId)).toEqual(Object.keys(ENDPOINT_SCHEMAS));
    expect(Object.keys(ENDPOINT_SCHEMAS).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('reads what a line writes over the defaults: an access, `idempotent` on a POST', () => {
    expect(ROUTES['apiKeys.list']).toMatchObject({ method: 'GET', access: 'write', idempotent: true });
    expect(ROUTES.capture).toMatchObject({ method: 'POST', access: 'none', idempotent: true });
    expect(ROUTES['contacts.upsert']).toMatchObject({ access: 'write', idempotent: true });
    expect(ROUTES['deals.moveStage']).toMatchObject({ access: 'write', idempotent: true });
  });

  it('holds the facts the SDK and the mock rely on, route by route', () => {
    const idempotentPosts = ['contacts.upsert', 'companies.upsert', 'deals.moveStage', 'capture'];
    for (const [id, route] of Object.entries(ROUTES)) {
      expect(route.idempotent, id).toBe(route.method !== 'POST' || idempotentPosts.includes(id));
      const access =
        id === 'capture' ? 'none' : route.method === 'GET' && id !== 'apiKeys.list' ? 'read' : 'write';
      expect(route.access, id).toBe(access);
      expect(route.path, id).not.toMatch(/:/);
    }
  });

  it('types each route with its literal facts', () => {
    expectTypeOf(ROUTES['apiKeys.list']).toEqualTypeOf<{
      readonly method: 'GET';
      readonly path: '/apikeys';
      readonly access: 'write';
      readonly idempotent: true;
    }>();
    expectTypeOf(ROUTES.capture.access).toEqualTypeOf<'none'>();
    expectTypeOf(ROUTES.capture.idempotent).toEqualTypeOf<true>();
    expectTypeOf(ROUTES['contacts.create'].idempotent).toEqualTypeOf<false>();
    expectTypeOf(ROUTES['contacts.upsert'].idempotent).toEqualTypeOf<true>();
    expectTypeOf(ROUTES['contacts.get'].access).toEqualTypeOf<'read'>();
    expectTypeOf(ROUTES['contacts.get'].ids).toEqualTypeOf<{ readonly id: 'cont' }>();
  });

  it('fills path parameters, escaped', () => {
    expect(routePath(ROUTES['pipelines.deleteStage'], { id: 'pipe_1', stage_id: 'a/b' })).toBe(
      '/pipelines/pipe_1/stages/a%2Fb',
    );
  });
});

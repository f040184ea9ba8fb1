import { describe, expect, it } from 'vitest';
import { createRouteStage } from '../../stages/route.js';
import { Router } from '../../stages/router.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

const router = new Router();

describe('Router', () => {
  it('matches literal segments before parameters, and decodes parameters', () => {
    expect(router.match('POST', '/contacts/upsert').match?.endpoint.operationId).toBe('contacts.upsert');
    const got = router.match('GET', '/contacts/cont%5Fx');
    expect(got.match?.endpoint.operationId).toBe('contacts.get');
    expect(got.match?.params).toEqual({ id: 'cont_x' });
    expect(router.match('GET', '/companies/comp_x/contacts').match?.params).toEqual({ id: 'comp_x' });
  });

  it('names the methods a path has when the method is not one of them', () => {
    expect(router.match('PUT', '/contacts')).toEqual({ match: undefined, allowed: ['GET', 'POST'] });
    expect(router.match('GET', '/nope')).toEqual({ match: undefined, allowed: undefined });
    expect(router.match('GET', '/contacts/').match).toBeUndefined();
  });
});

describe('route stage', () => {
  const stage = createRouteStage(
    router,
    new Map([['/openapi.json', () => ({ body: '{"openapi":"3.1.0"}', type: 'application/json' })]]),
  );

  it('sets the route and goes on', async () => {
    const ctx = context(mockRequest('DELETE', '/contacts/cont_1'));
    expect(await runStage(stage, ctx)).toEqual({ next: true });
    expect(ctx.route?.endpoint.operationId).toBe('contacts.delete');
  });

  it('serves documents without going on', async () => {
    const ctx = context(mockRequest('GET', '/openapi.json'));
    expect(await runStage(stage, ctx)).toEqual({ next: false });
    expect(JSON.parse(ctx.res?.body ?? '')).toEqual({ openapi: '3.1.0' });
  });

  it('answers 404 for an unknown path and 405 with Allow for another method', async () => {
    expect(await stageError(stage, context(mockRequest('GET', '/deals/x/y')))).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: 'Route not found: GET /deals/x/y' },
    });
    expect(await stageError(stage, context(mockRequest('TRACE', '/events')))).toMatchObject({
      status: 405,
      error: { code: 'method_not_allowed' },
      headers: { allow: 'GET, HEAD, OPTIONS' },
    });
  });
});

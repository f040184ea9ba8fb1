import { describe, expect, it } from 'vitest';
import { cors } from '../../stages/cors.js';
import { context, mockRequest, runStage } from './fixtures.js';

describe('cors stage', () => {
  it('answers an API preflight with 204 and stops there', async () => {
    const ctx = context(mockRequest('OPTIONS', '/contacts'));
    expect(await runStage(cors, ctx)).toEqual({ next: false });
    expect(ctx.res?.status).toBe(204);
  });

  it('lets admin preflights and every other method through', async () => {
    expect(await runStage(cors, context(mockRequest('OPTIONS', '/__rex/seed')))).toEqual({ next: true });
    expect(await runStage(cors, context(mockRequest('GET', '/contacts')))).toEqual({ next: true });
  });
});

import { describe, expect, it } from 'vitest';
import { query } from '../../stages/query.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

const list = (search: string) =>
  context(mockRequest('GET', `/contacts?${search}`), { operationId: 'contacts.list' });

describe('query stage', () => {
  it('reads numbers and comma lists into the shape the schema checks', async () => {
    const ctx = list('limit=5&fields=id,email&stage=lead');
    expect(await runStage(query, ctx)).toEqual({ next: true });
    expect(ctx.query).toEqual({ limit: 5, fields: ['id', 'email'], stage: 'lead' });
  });

  it('refuses a parameter given twice, naming it', async () => {
    expect(await stageError(query, list('stage=lead&stage=customer'))).toMatchObject({
      status: 400,
      error: { param: 'stage', message: expect.stringContaining('more than once') },
    });
  });

  it('reads prototype names as plain keys', async () => {
    const ctx = list('__proto__=1&toString=x');
    await runStage(query, ctx);
    expect(Object.keys(ctx.query)).toEqual(['__proto__', 'toString']);
    expect(Object.getPrototypeOf(ctx.query)).toBe(Object.prototype);
  });
});

import { describe, expect, it } from 'vitest';
import { validate } from '../../stages/validate.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

describe('validate stage', () => {
  it('keeps the parsed body and query', async () => {
    const ctx = context(mockRequest('POST', '/contacts'), {
      operationId: 'contacts.create',
      body: { email: 'a@x.com' },
    });
    expect(await runStage(validate, ctx)).toEqual({ next: true });
    expect(ctx.body).toEqual({ email: 'a@x.com' });
  });

  it('answers 400 naming the field, in the words the SDK uses', async () => {
    const ctx = context(mockRequest('POST', '/contacts'), {
      operationId: 'contacts.create',
      body: { email: 'a@x.com', stge: 'lead' },
    });
    expect(await stageError(validate, ctx)).toMatchObject({
      status: 400,
      error: { code: 'validation_error', param: 'stge', message: 'Unknown field `stge`' },
    });
    const list = context(mockRequest('GET', '/contacts'), {
      operationId: 'contacts.list',
      query: { limit: 500 },
    });
    expect(await stageError(validate, list)).toMatchObject({ error: { param: 'limit' } });
  });

  it('answers no query the same every time, each request with its own copy', async () => {
    const first = context(mockRequest('GET', '/contacts'), { operationId: 'contacts.list' });
    const second = context(mockRequest('GET', '/contacts'), { operationId: 'contacts.list' });
    expect(await runStage(validate, first)).toEqual({ next: true });
    expect(await runStage(validate, second)).toEqual({ next: true });
    expect(second.query).toEqual(first.query);
    expect(second.query).not.toBe(first.query);
    // A query that is sent is still checked after no query was answered from what was kept.
    const bad = context(mockRequest('GET', '/contacts'), {
      operationId: 'contacts.list',
      query: { limit: 500 },
    });
    expect(await stageError(validate, bad)).toMatchObject({ error: { param: 'limit' } });
  });
});

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
});

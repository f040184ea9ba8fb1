import { describe, expect, it } from 'vitest';
import { body, MAX_BODY_BYTES } from '../../stages/body.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

const post = (text: string, headers: Record<string, string> = {}) =>
  context(mockRequest('POST', '/contacts', { body: text, headers }), { operationId: 'contacts.create' });

describe('body stage', () => {
  it('parses a JSON body and keeps its text for the journal', async () => {
    const ctx = post('{"email":"a@x.com"}');
    expect(await runStage(body, ctx)).toEqual({ next: true });
    expect(ctx.body).toEqual({ email: 'a@x.com' });
    expect(ctx.text).toBe('{"email":"a@x.com"}');
  });

  it('refuses a body over 1 MiB, by its size or its Content-Length', async () => {
    expect(await stageError(body, post('x'.repeat(MAX_BODY_BYTES + 1)))).toMatchObject({ status: 413 });
    expect(
      await stageError(body, post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) })),
    ).toMatchObject({
      status: 413,
      error: { code: 'payload_too_large' },
    });
  });

  it('refuses malformed and empty JSON with 400', async () => {
    expect(await stageError(body, post('{oops'))).toMatchObject({
      status: 400,
      error: { message: 'The request body is not valid JSON' },
    });
    expect(await stageError(body, post(''))).toMatchObject({
      error: { message: 'The request body is empty; send a JSON object' },
    });
  });

  it('does not read a body for a route that takes none', async () => {
    const ctx = context(mockRequest('GET', '/contacts', { body: '{oops' }), { operationId: 'contacts.list' });
    expect(await runStage(body, ctx)).toEqual({ next: true });
    expect(ctx.body).toBeUndefined();
  });
});

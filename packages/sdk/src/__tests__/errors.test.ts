import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RexApiError,
  RexError,
  ValidationError,
} from '../index.js';
import { BASE, CONTACT_ID, client, rexError, useServer } from './helpers.js';

const { server, seen } = useServer();

const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  server.use(
    http.get(`${BASE}/contacts/:id`, () =>
      HttpResponse.json(body, { status, headers: { 'x-request-id': 'req_123', ...headers } }),
    ),
  );

const failure = async (promise: Promise<unknown>): Promise<RexApiError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RexApiError);
  return error as RexApiError;
};

describe('errors answered by Rex', () => {
  it.each([
    [400, 'validation_error', ValidationError],
    [401, 'unauthorized', AuthenticationError],
    [403, 'forbidden', PermissionDeniedError],
    [404, 'not_found', NotFoundError],
    [409, 'conflict', ConflictError],
    [429, 'rate_limit_exceeded', RateLimitError],
    [500, 'internal_error', InternalServerError],
    [503, 'internal_error', InternalServerError],
    [422, 'unprocessable', RexApiError],
  ] as const)('maps status %i (%s) to its class', async (status, code, cls) => {
    answer(status, rexError(code, 'It failed'));
    const error = await failure(client({ maxRetries: 0 }).contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(RexError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
  });

  it('says what failed and where, with the request id and headers', async () => {
    answer(404, rexError('not_found', 'Contact not found'));
    const error = await failure(client().contacts.get(CONTACT_ID));
    expect(error.message).toBe(`Contact not found: GET /contacts/${CONTACT_ID}`);
    expect(error.requestId).toBe('req_123');
    expect(error.headers?.get('x-request-id')).toBe('req_123');
    expect(error.param).toBeUndefined();
    expect(error.details).toBeUndefined();
  });

  it('exposes param and existingId of a conflict', async () => {
    answer(
      409,
      rexError('conflict', 'Email already in use', {
        param: 'email',
        details: { existing_id: 'cont_other' },
      }),
    );
    const error = await failure(client().contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.param).toBe('email');
    expect((error as ConflictError).existingId).toBe('cont_other');
  });

  it('exposes Retry-After of a rate limit in seconds', async () => {
    answer(429, rexError('rate_limit_exceeded', 'Slow down'), { 'retry-after': '7' });
    const error = await failure(client({ maxRetries: 0 }).contacts.get(CONTACT_ID));
    expect((error as RateLimitError).retryAfter).toBe(7);
  });

  it('keeps an error code it does not know', async () => {
    answer(400, rexError('quota_exceeded', 'Out of quota'));
    const error = await failure(client().contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('quota_exceeded');
  });

  it('maps a status without a class to RexApiError', async () => {
    answer(413, rexError('payload_too_large', 'Too big'));
    const error = await failure(client().contacts.get(CONTACT_ID));
    expect(error.constructor).toBe(RexApiError);
    expect(error.name).toBe('RexApiError');
    expect(error.status).toBe(413);
  });

  it('survives a body that is not JSON', async () => {
    server.use(
      http.get(`${BASE}/contacts/:id`, () => new HttpResponse('<html>Bad gateway</html>', { status: 502 })),
    );
    const error = await failure(client({ maxRetries: 0 }).contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBe('internal_error');
    expect(error.message).toBe(`Rex answered 502: GET /contacts/${CONTACT_ID}`);
    expect(error.requestId).toBeUndefined();
  });

  it('survives JSON without an error object, or with fields of the wrong type', async () => {
    answer(404, { message: 'nope' });
    const bare = await failure(client().contacts.get(CONTACT_ID));
    expect(bare).toBeInstanceOf(NotFoundError);
    expect(bare.code).toBe('unknown_error');

    answer(400, { error: { code: 42, message: null, param: ['x'], details: 'text' } });
    const odd = await failure(client().contacts.get(CONTACT_ID));
    expect(odd).toBeInstanceOf(ValidationError);
    expect(odd.code).toBe('unknown_error');
    expect(odd.param).toBeUndefined();
    expect(odd.details).toBeUndefined();
  });
});

describe('errors found before sending', () => {
  it('rejects invalid input with a ValidationError naming the field, without a request', async () => {
    const error = await failure(
      // @ts-expect-error: not a stage
      client().contacts.create({ email: 'ada@example.com', stage: 'won' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBeUndefined();
    expect(error.code).toBe('validation_error');
    expect(error.param).toBe('stage');
    expect(error.message).toMatch(/`stage`.*: POST \/contacts$/);
    expect(seen).toHaveLength(0);
  });

  it('rejects unknown fields, bad emails and bad list queries', async () => {
    const rex = client();
    // @ts-expect-error: not a field
    expect((await failure(rex.contacts.update(CONTACT_ID, { fist_name: 'Ada' }))).param).toBe('fist_name');
    expect((await failure(rex.contacts.upsert({ email: 'not-an-email' }))).param).toBe('email');
    expect((await failure(rex.contacts.list({ limit: 500 }))).param).toBe('limit');
    expect((await failure(rex.companies.create({ name: ' ' }))).param).toBe('name');
    expect(seen).toHaveLength(0);
  });
});

describe('instanceof', () => {
  it('recognises errors thrown by another copy of the SDK in the same runtime', async () => {
    vi.resetModules();
    const other = await import('../errors.js');
    expect(other.NotFoundError).not.toBe(NotFoundError);
    const foreign = new other.NotFoundError('Contact not found', { code: 'not_found', message: 'x' }, 404);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(RexApiError);
    expect(foreign).toBeInstanceOf(RexError);
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect(new Error('plain')).not.toBeInstanceOf(RexError);
    expect(null).not.toBeInstanceOf(RexError);
  });

  it('never takes a parent for one of its subclasses', () => {
    const error = { code: 'internal_error', message: 'x' };
    expect(new RexApiError('x', error, 418)).not.toBeInstanceOf(ValidationError);
    expect(new RexApiError('x', error, 418)).not.toBeInstanceOf(InternalServerError);
    expect(new RexError('x')).not.toBeInstanceOf(RexApiError);
    expect(new NotFoundError('x', error, 404)).not.toBeInstanceOf(ConflictError);
  });

  it('gives each class its own literal name, kept when the class name is minified away', () => {
    const error = { code: 'internal_error', message: 'x' };
    for (const [cls, name] of [
      [RexApiError, 'RexApiError'],
      [ValidationError, 'ValidationError'],
      [RateLimitError, 'RateLimitError'],
      [InternalServerError, 'InternalServerError'],
    ] as const) {
      expect(new cls('x', error).name).toBe(name);
      expect(Object.hasOwn(cls.prototype, 'name')).toBe(true);
    }
    expect(new RexError('x').name).toBe('RexError');
  });

  it('treats your subclass of a Rex error as its own class, with plain instanceof', () => {
    class TenantMissingError extends NotFoundError {}
    const mine = new TenantMissingError('Tenant missing', { code: 'not_found', message: 'x' }, 404);
    expect(mine).toBeInstanceOf(TenantMissingError);
    expect(mine).toBeInstanceOf(NotFoundError);
    expect(mine).toBeInstanceOf(RexError);
    expect(new NotFoundError('x', { code: 'not_found', message: 'x' }, 404)).not.toBeInstanceOf(
      TenantMissingError,
    );
  });
});

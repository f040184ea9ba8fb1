import { NormalizationError } from '@rex/types';
import { describe, expect, it } from 'vitest';
import { DuplicateKey, InvalidInput, InvalidLink, RecordInUse, RecordNotFound } from '../../engine/errors.js';
import { FaultRuleError, SeedError } from '../../errors.js';
import { apiError, toHttpError } from '../../stages/errors.js';

describe('toHttpError', () => {
  it('maps each domain error to its status, Rex code, param and details', () => {
    expect(toHttpError(new RecordNotFound('Contact', 'cont_x'))).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: 'Contact not found' },
    });
    expect(toHttpError(new RecordNotFound('Contact', 'cont_x', 'primary_id'))).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: 'Contact not found: cont_x', param: 'primary_id' },
    });
    expect(toHttpError(new DuplicateKey('Contact', 'email', 'a@x.com', 'cont_1'))).toMatchObject({
      status: 409,
      error: { code: 'conflict', param: 'email', details: { existing_id: 'cont_1' } },
    });
    expect(toHttpError(new InvalidLink('company_id', 'comp_x', 'company'))).toMatchObject({
      status: 400,
      error: { code: 'validation_error', param: 'company_id' },
    });
    expect(toHttpError(new InvalidInput('metadata', 'too deep'))).toMatchObject({
      status: 400,
      error: { code: 'validation_error', param: 'metadata', message: 'too deep' },
    });
    expect(toHttpError(new RecordInUse('Pipeline holds deals', 'pipe_1', { deals: 'deal_1' }))).toMatchObject(
      {
        status: 409,
        error: { code: 'conflict', details: { deals: 'deal_1' } },
      },
    );
  });

  it('answers bad dedup keys and admin input as 400 naming the field', () => {
    expect(toHttpError(new NormalizationError('email', 'x', 'no @'))).toMatchObject({
      status: 400,
      error: { param: 'email' },
    });
    expect(toHttpError(new SeedError('contacts[0].email', 'bad'))).toMatchObject({
      status: 400,
      error: { param: 'contacts[0].email' },
    });
    expect(toHttpError(new FaultRuleError('status', 'bad'))).toMatchObject({ status: 400 });
  });

  it('passes HTTP errors through and turns anything else into a 500', () => {
    const http = apiError('forbidden', 'no');
    expect(toHttpError(http)).toBe(http);
    expect(toHttpError(new TypeError('oops'))).toMatchObject({
      status: 500,
      error: { code: 'internal_error', message: 'The mock server failed: oops' },
    });
  });
});

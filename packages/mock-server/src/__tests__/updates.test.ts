import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged, type Reply } from './helpers.js';

const BASE = 'https://updates.rexgtm.test';
const KEY = 'rex_test_updates';
const rex = setupRexServer({ baseUrl: BASE, now: createClock('2026-03-16T12:00:00.000Z', 1).now });
const api = client(BASE, KEY);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

const big = { metadata: { blob: 'x'.repeat(1024 * 1024) } };

async function expectRefused(method: string, path: string, body: unknown, status: number, param?: string) {
  let res: Reply | undefined;
  expect(
    await expectUnchanged(rex, async () => {
      res = await api(method, path, body);
    }),
  ).toBe(true);
  expect(res?.status).toBe(status);
  if (status === 400) expect(res?.body.error.code).toBe('validation_error');
  if (status === 413) expect(res?.body.error.code).toBe('payload_too_large');
  if (param !== undefined) expect(res?.body.error.param).toBe(param);
}

describe('contacts.update validation', () => {
  it.each([
    ['malformed JSON', '{"title":', 400, undefined],
    ['a body that is not an object', '[1,2]', 400, undefined],
    ['an unknown field', { stge: 'lead' }, 400, 'stge'],
    ['a read-only field', { created_at: '2026-01-01T00:00:00Z' }, 400, 'created_at'],
    ['a wrong type', { icp_score: 'high' }, 400, 'icp_score'],
    ['a bad enum value', { source: 'tv' }, 400, 'source'],
    ['a null stage', { stage: null }, 400, 'stage'],
    ['a bad email', { email: 'ada@' }, 400, 'email'],
    ['a bad timestamp', { icp_scored_at: '2026-02-30T00:00:00Z' }, 400, 'icp_scored_at'],
    ['metadata that is not an object', { metadata: [1] }, 400, 'metadata'],
    ['a body over 1 MiB', big, 413, undefined],
  ])('answers %s with the right error and changes nothing', async (_case, body, status, param) => {
    const { contacts } = rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com' }] });
    await expectRefused('PATCH', `/contacts/${contacts[0]?.id}`, body, status, param);
  });
});

describe('contacts.upsert validation', () => {
  it.each([
    ['malformed JSON', '{', 400, undefined],
    ['an unknown field', { email: 'ada@example.com', nickname: 'A' }, 400, 'nickname'],
    ['a bad email', { email: 'ada at example.com' }, 400, 'email'],
    ['a body over 1 MiB', { email: 'ada@example.com', ...big }, 413, undefined],
  ])('answers %s with the right error and changes nothing', async (_case, body, status, param) => {
    rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com' }] });
    await expectRefused('POST', '/contacts/upsert', body, status, param);
  });

  it('selects the record by its email, so an upsert never conflicts on email', async () => {
    rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com' }, { email: 'bob@example.com' }] });
    const res = await api('POST', '/contacts/upsert', { email: 'BOB@example.com', first_name: 'Bob' });
    expect(res.status).toBe(200);
    expect(res.body.data.email).toBe('bob@example.com');
  });
});

describe('companies.update validation', () => {
  it.each([
    ['malformed JSON', 'nope', 400, undefined],
    ['an unknown field', { nmae: 'Acme' }, 400, 'nmae'],
    ['a wrong type', { industry: 5 }, 400, 'industry'],
    ['a bad size', { size: 'huge' }, 400, 'size'],
    ['a bad domain', { domain: 'http://' }, 400, 'domain'],
    ['an empty name', { name: '' }, 400, 'name'],
    ['a body over 1 MiB', big, 413, undefined],
  ])('answers %s with the right error and changes nothing', async (_case, body, status, param) => {
    const { companies } = rex.seed({ key: KEY, companies: [{ name: 'Acme', domain: 'acme.com' }] });
    await expectRefused('PATCH', `/companies/${companies[0]?.id}`, body, status, param);
  });
});

describe('companies.upsert validation', () => {
  it.each([
    ['malformed JSON', '{"domain":"acme.com",}', 400, undefined],
    ['an unknown field', { domain: 'acme.com', name: 'Acme', tier: 1 }, 400, 'tier'],
    ['a bad domain', { domain: 'localhost', name: 'Acme' }, 400, 'domain'],
  ])('answers %s with the right error and changes nothing', async (_case, body, status, param) => {
    rex.seed({ key: KEY, companies: [{ name: 'Acme', domain: 'acme.com' }] });
    await expectRefused('POST', '/companies/upsert', body, status, param);
  });
});

describe('contacts.merge validation', () => {
  it.each([
    ['malformed JSON', '{', 400, undefined],
    ['a missing primary_id', { duplicate_ids: ['cont_01h455vb4pex5vsknk084sn02q'] }, 400, 'primary_id'],
    ['an unknown field', { primary_id: 'x', duplicate_ids: ['y'], force: true }, 400, 'force'],
    [
      'a malformed primary id',
      { primary_id: 'nope', duplicate_ids: ['cont_01h455vb4pex5vsknk084sn02q'] },
      404,
      undefined,
    ],
  ])('answers %s with the right error and changes nothing', async (_case, body, status, param) => {
    rex.seed({ key: KEY, contacts: [{ email: 'ada@example.com' }] });
    await expectRefused('POST', '/contacts/merge', body, status, param);
  });
});

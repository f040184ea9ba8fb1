import { setupRexServer } from '@rex/mock-server/node';
import { InternalServerError, Rex } from '@rex/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, syncLeads } from './sync-leads.js';

// The mock answers every request to this URL inside this process (msw/node): no network, no
// sandbox account. Any `rex_test_` key is accepted and gets an org of its own.
const BASE_URL = 'https://acme.rexgtm.com';
const mock = setupRexServer({ baseUrl: BASE_URL });
const rex = new Rex({ apiKey: 'rex_test_sync', baseUrl: BASE_URL });

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => mock.close());

const LEADS = `email,first_name,last_name,title,stage
ada@example.com,Ada,Lovelace,Analyst,lead
grace@example.com,Grace,Hopper,"Rear Admiral, USN",prospect
`;

describe('parseCsv', () => {
  it('keeps commas and doubled quotes inside quoted fields and skips blank lines', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n\n1,2\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['1', '2'] },
    ]);
  });
});

describe('syncLeads', () => {
  it('creates a contact for each new email', async () => {
    await expect(syncLeads(rex, LEADS)).resolves.toEqual({ created: 2, updated: 0, failed: 0, failures: [] });

    const emails = [];
    for await (const contact of rex.contacts.list({ sort: 'email' })) emails.push(contact.email);
    expect(emails).toEqual(['ada@example.com', 'grace@example.com']);
  });

  it('updates the existing contact when the email differs only in case', async () => {
    mock.seed({ key: 'rex_test_sync', contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] });

    const result = await syncLeads(rex, 'email,title\n  ADA@Example.com ,CTO\nalan@example.com,\n');

    expect(result).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const page = await rex.contacts.list({ email: 'ada@example.com' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ first_name: 'Ada', title: 'CTO' });
  });

  it('is idempotent: a second run of the same file only updates', async () => {
    await syncLeads(rex, LEADS);
    await expect(syncLeads(rex, LEADS)).resolves.toMatchObject({ created: 0, updated: 2, failed: 0 });

    const page = await rex.contacts.list();
    expect(page.data).toHaveLength(2);
    expect(page.hasMore).toBe(false);
  });

  it('reports a row with an invalid email or stage as failed and syncs the others', async () => {
    const csv = `${LEADS}not-an-email,Bad,Row,,lead\nlin@example.com,Lin,,,won\n`;

    const result = await syncLeads(rex, csv);

    expect(result).toMatchObject({ created: 2, updated: 0, failed: 2 });
    expect(result.failures).toEqual([
      { line: 4, email: 'not-an-email', reason: expect.stringContaining('email') },
      { line: 5, email: 'lin@example.com', reason: expect.stringContaining('stage') },
    ]);
    // The SDK refused both rows before sending: Rex only saw the two good ones.
    expect(mock.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /contacts/upsert 201',
      'POST /contacts/upsert 201',
    ]);
  });

  it('succeeds through two 503s thanks to the SDK retrying upserts', async () => {
    // `retryAfter: 0` sends `Retry-After: 0`, which the SDK honours: no backoff wait in the test.
    mock.addFault({ method: 'POST', path: '/contacts/upsert', status: 503, retryAfter: 0, times: 2 });

    await expect(syncLeads(rex, LEADS)).resolves.toMatchObject({ created: 2, updated: 0, failed: 0 });
    expect(mock.requests().map((r) => r.status)).toEqual([503, 503, 201, 201]);
  });

  it('stops with the error when Rex is still failing after the retries', async () => {
    mock.addFault({ method: 'POST', path: '/contacts/upsert', status: 503, retryAfter: 0 });

    await expect(syncLeads(rex, LEADS)).rejects.toBeInstanceOf(InternalServerError);
    // One attempt and the SDK's two retries (maxRetries defaults to 2).
    expect(mock.requests()).toHaveLength(3);
  });
});

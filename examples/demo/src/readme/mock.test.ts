import { setupRexServer } from '@rex/mock-server/node';
import { Rex } from '@rex/sdk';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const server = setupRexServer({ baseUrl: 'https://acme.rexgtm.com' });
// 'error': a request the mock does not answer (a typo in a base URL) fails, it never goes out.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.reset());
afterAll(() => server.close());

it('keeps one contact per email', async () => {
  const rex = new Rex({ apiKey: 'rex_test_readme', baseUrl: 'https://acme.rexgtm.com' });
  const ada = await rex.contacts.create({ email: 'ada@example.com' });
  const { data, created } = await rex.contacts.upsert({ email: 'ADA@example.com', title: 'CTO' });
  expect(created).toBe(false);
  expect(data.id).toBe(ada.id);
});

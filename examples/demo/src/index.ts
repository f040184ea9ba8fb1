/**
 * `pnpm demo`: a walkthrough of the Rex SDK against the Rex mock server, over real HTTP, on the
 * built packages. Every step checks its result; the demo exits non-zero when one is wrong.
 */
import { startRexServer } from '@rex/mock-server/node';
import { ConflictError, NotFoundError, Rex, ValidationError } from '@rex/sdk';
import { normalizeDomain } from '@rex/types';

let failures = 0;
function check(label: string, actual: unknown, expected: unknown): void {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  if (!ok) failures++;
  const shown = JSON.stringify(actual);
  console.log(`  ${ok ? '✓' : '✗'} ${label}: ${shown}${ok ? '' : ` (expected ${JSON.stringify(expected)})`}`);
}
const step = (title: string) => console.log(`\n${title}`);

const server = await startRexServer({ port: 0 });
console.log(`Rex mock server (in memory, Rex's rules) listening on ${server.url}`);

try {
  step("1. The README's SDK sample, run as written (REX_URL and REX_API_KEY point at the mock)");
  process.env.REX_URL = server.url;
  process.env.REX_API_KEY = 'rex_test_demo';
  await import('./readme/sdk.js');
  const rex = new Rex();
  const all = await rex.contacts.list();
  check('one contact after create + upsert of the same email', all.data.length, 1);
  check('the upsert set the title', all.data[0]?.title, 'CTO');

  step('2. Bad input is refused before anything is sent');
  const sent = server.mock.requests().length;
  try {
    // @ts-expect-error: `won` is not a stage, which TypeScript already says; this shows the runtime check.
    await rex.contacts.create({ email: 'grace@example.com', stage: 'won' });
  } catch (error) {
    check('ValidationError names the field', error instanceof ValidationError && error.param, 'stage');
    check('no HTTP status: it never left the process', (error as ValidationError).status, undefined);
    console.log(`      ${(error as Error).message}`);
  }
  check('requests that reached the server', server.mock.requests().length - sent, 0);

  step('3. Companies are deduplicated by normalised domain');
  const acme = await rex.companies.create({ name: 'Acme', domain: 'https://www.Acme.com/about' });
  check('domain stored as', acme.domain, normalizeDomain('acme.com'));
  try {
    await rex.companies.create({ name: 'Acme Inc', domain: 'ACME.com.' });
  } catch (error) {
    check('second create → ConflictError on', error instanceof ConflictError && error.param, 'domain');
    check('existingId is the first company', (error as ConflictError).existingId, acme.id);
  }
  const upserted = await rex.companies.upsert({ domain: 'acme.com', industry: 'Rockets' });
  check(
    'upsert by domain updates it (created)',
    [upserted.created, upserted.data.id === acme.id],
    [false, true],
  );

  step('4. PATCH rules: null clears, metadata merges, nothing changed → updated_at stays');
  const [ada] = all.data;
  if (!ada) throw new Error('the README sample should have created a contact');
  const linked = await rex.contacts.update(ada.id, {
    company_id: acme.id,
    metadata: { plan: 'pro', seats: 3 },
  });
  const patched = await rex.contacts.update(ada.id, { title: null, metadata: { seats: null, tier: 'gold' } });
  check('title cleared', patched.title, null);
  check('metadata merged at the top level', patched.metadata, { plan: 'pro', tier: 'gold' });
  // Let the clock move, so an updated_at that changed would show.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const again = await rex.contacts.update(ada.id, { title: null });
  check('an identical PATCH keeps updated_at', again.updated_at, patched.updated_at);
  const withCompany = await rex.contacts.get(linked.id, { include: ['company'] });
  check('include=company embeds the company', withCompany.company?.name, 'Acme');

  step('5. Pagination walks every page, stopping on has_more: false');
  server.mock.seed({
    key: 'rex_test_demo',
    contacts: Array.from({ length: 120 }, (_, i) => ({
      email: `lead${i}@example.com`,
      stage: 'lead' as const,
    })),
  });
  const first = await rex.contacts.list({ stage: 'lead', limit: 50 });
  check('first page', [first.data.length, first.hasMore], [50, true]);
  let walked = 0;
  for await (const _lead of rex.contacts.list({ stage: 'lead', limit: 50 })) walked++;
  check('leads walked with for await', walked, 121);

  step('6. Retries: two 503s from a fault rule, then success');
  server.mock.addFault({ method: 'GET', path: '/companies', status: 503, times: 2 });
  const before = server.mock.requests().length;
  const companies = await rex.companies.list();
  check('the list still succeeds', companies.data.length, 1);
  check('attempts the server saw', server.mock.requests().length - before, 3);

  step('7. Typed errors and raw access');
  const { requestId, response } = await rex.contacts.get(ada.id).withResponse();
  check(
    'withResponse() exposes the status and a request id',
    [response.status, requestId?.startsWith('req_')],
    [200, true],
  );
  const deleted = await rex.contacts.delete(ada.id);
  check('delete', deleted, { id: ada.id, deleted: true });
  try {
    await rex.contacts.delete(ada.id);
  } catch (error) {
    check('deleting again → NotFoundError', error instanceof NotFoundError && error.status, 404);
  }

  step('8. Every change is an event, oldest first');
  const types = new Set<string>();
  for await (const event of rex.events.list({ limit: 200 })) types.add(event.type);
  check('event types seen', [...types].sort(), [
    'company.created',
    'company.updated',
    'contact.created',
    'contact.deleted',
    'contact.updated',
  ]);
} finally {
  await server.close();
}

console.log(
  failures === 0 ? '\nDemo finished: every check passed.\n' : `\nDemo failed: ${failures} check(s) wrong.\n`,
);
process.exitCode = failures === 0 ? 0 : 1;

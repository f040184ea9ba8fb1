/**
 * `pnpm start`: the Rex SDK against a real local mock server (`startRexServer`, plain HTTP on
 * 127.0.0.1): create a contact, upsert by email, list every contact, handle a duplicate.
 * It checks its own results and exits non-zero when one is wrong.
 */
import { startRexServer } from '@rex/mock-server/node';
import { ConflictError, Rex } from '@rex/sdk';

let failures = 0;
function check(label: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`  ${ok ? '✓' : '✗'} ${label}${detail && `: ${detail}`}`);
}

// A real HTTP server on a free port; any `rex_test_` key is accepted and gets its own org.
const server = await startRexServer({ port: 0 });
console.log(`Mock Rex API listening on ${server.url}`);

try {
  const rex = new Rex({ apiKey: 'rex_test_quickstart', baseUrl: server.url });

  console.log('\n1. Create a contact');
  const ada = await rex.contacts.create({ email: 'Ada@Example.com', first_name: 'Ada', stage: 'lead' });
  check('id is a contact TypeID', ada.id.startsWith('cont_'), ada.id);
  check('email is stored normalised', ada.email === 'ada@example.com', ada.email);

  console.log('\n2. Upsert by email: the first call creates, the second updates the same contact');
  const first = await rex.contacts.upsert({ email: 'grace@example.com', first_name: 'Grace' });
  check('first upsert created the contact', first.created, `created: ${first.created}, id ${first.data.id}`);
  const second = await rex.contacts.upsert({ email: '  GRACE@example.com ', title: 'Rear Admiral' });
  check('second upsert (other case, spaces) updated it', !second.created, `created: ${second.created}`);
  check('same id both times', second.data.id === first.data.id, second.data.id);
  check(
    'fields merged: first_name kept, title set',
    second.data.first_name === 'Grace' && second.data.title === 'Rear Admiral',
    `${second.data.first_name}, ${second.data.title}`,
  );

  console.log('\n3. List every contact with `for await` (the SDK follows the pages)');
  const emails: string[] = [];
  for await (const contact of rex.contacts.list({ sort: 'email', limit: 1 })) emails.push(contact.email);
  check(
    'both contacts, one page each',
    JSON.stringify(emails) === JSON.stringify(['ada@example.com', 'grace@example.com']),
    emails.join(', '),
  );
  const page = await rex.contacts.list({ limit: 1 });
  check(
    'awaiting list() gives the first page',
    page.data.length === 1 && page.hasMore,
    `hasMore: ${page.hasMore}`,
  );

  console.log('\n4. A duplicate create is a ConflictError naming the existing contact');
  try {
    await rex.contacts.create({ email: 'ADA@example.com ' });
    check('duplicate create rejected', false, 'it succeeded');
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    check(
      'ConflictError (409) on param email',
      error.status === 409 && error.param === 'email',
      error.message,
    );
    check('existingId is the first contact', error.existingId === ada.id, `existingId: ${error.existingId}`);
  }
} catch (error) {
  failures++;
  console.error('\nUnexpected error:', error);
} finally {
  await server.close();
}

console.log(
  failures === 0
    ? '\nQuickstart finished: every check passed.\n'
    : `\nQuickstart failed: ${failures} check(s) wrong.\n`,
);
process.exitCode = failures === 0 ? 0 : 1;

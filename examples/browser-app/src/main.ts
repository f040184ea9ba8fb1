/**
 * A page that uses the Rex SDK, answered in the browser by `setupRexWorker` (an MSW service
 * worker running the whole mock API). `scripts/check.ts` bundles it, serves it and drives it in
 * headless Chromium; every result lands in an element with a `data-testid`.
 */
import { setupRexWorker } from '@rex/mock-server/browser';
import { ConflictError, Rex } from '@rex/sdk';

// A made-up tenant URL: the worker answers it, and nothing leaves the browser.
const BASE_URL = 'https://acme.rexgtm.com';
const API_KEY = 'rex_test_browser_app';

// The test key shares the `default` org with `POST /capture` (which has no key), so the lead
// captured by the form shows up in the key's list.
const mock = setupRexWorker({
  baseUrl: BASE_URL,
  apiKeys: [{ key: API_KEY, org: 'default', scope: 'read-write' }],
});

const byTestId = <T extends HTMLElement>(id: string): T => {
  const element = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`No element with data-testid="${id}"`);
  return element;
};
const show = (id: string, text: string): void => {
  byTestId(id).textContent = text;
};

// A rex_live_ key in page code is readable by every visitor: the SDK refuses it.
try {
  new Rex({ apiKey: 'rex_live_do_not_ship_me', baseUrl: BASE_URL });
  show('live-key', 'accepted (it should have been refused)');
} catch (error) {
  show('live-key', `refused: ${(error as Error).message}`);
}

const OUTPUTS = ['capture', 'create', 'upsert-1', 'upsert-2', 'requests'];

async function submit(email: string, firstName: string): Promise<void> {
  // A second submit starts clean: nothing of the last run may pass for this one's result.
  for (const id of OUTPUTS) show(id, '');
  byTestId('contacts').replaceChildren();

  // What a public signup form does: no key at all. Capture is an upsert by email, so the same
  // address again updates the contact it made the first time (200, not 201).
  const visitor = new Rex({ baseUrl: BASE_URL });
  const { data: lead, response } = await visitor
    .capture({ email, ...(firstName && { first_name: firstName }), source: 'organic' })
    .withResponse();
  show('capture', `${response.status === 201 ? 'captured' : 'updated'} ${lead.email} as ${lead.id}`);

  // What an internal tool does with a sandbox key. A create is not an upsert: the second time,
  // the email is taken, and the SDK says by which contact.
  const rex = new Rex({ apiKey: API_KEY, baseUrl: BASE_URL });
  try {
    const grace = await rex.contacts.create({ email: 'grace@example.com', first_name: 'Grace' });
    show('create', `created ${grace.email} as ${grace.id}`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    show('create', `grace@example.com exists already as ${error.existingId} (409 conflict)`);
  }

  const first = await rex.contacts.upsert({ email: 'alan@example.com', first_name: 'Alan' });
  show('upsert-1', `created=${first.created} ${first.data.email} ${first.data.id}`);
  const second = await rex.contacts.upsert({ email: 'ALAN@Example.com', title: 'Mathematician' });
  show(
    'upsert-2',
    `created=${second.created} ${second.data.email} ${second.data.id} title=${second.data.title} ` +
      `same-id=${second.data.id === first.data.id}`,
  );

  const list = byTestId<HTMLUListElement>('contacts');
  for await (const contact of rex.contacts.list({ sort: 'email', limit: 2 })) {
    const item = document.createElement('li');
    item.dataset.testid = 'contact';
    item.textContent = `${contact.email} (${contact.first_name ?? '—'})`;
    list.append(item);
  }
  show(
    'requests',
    mock
      .requests()
      .map((r) => `${r.method} ${r.path} ${r.status}`)
      .join(' | '),
  );
}

const form = byTestId<HTMLFormElement>('lead-form');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  show('result', 'running…');
  submit(String(data.get('email') ?? ''), String(data.get('first_name') ?? '')).then(
    () => show('result', 'done'),
    (error: unknown) =>
      show('result', `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
  );
});

// The mock's inspector, for the person at this page. A navigation to it would bypass the
// worker (and the mock lives in this page), so the page fetches its HTML through the worker
// and shows it in an iframe; the iframe's own calls go through the worker to this mock.
const inspectorButton = byTestId<HTMLButtonElement>('open-inspector');
const inspector = byTestId<HTMLIFrameElement>('inspector');
inspectorButton.addEventListener('click', () => {
  if (!inspector.hidden) {
    inspector.hidden = true;
    inspector.removeAttribute('srcdoc');
    inspectorButton.textContent = 'Show the mock inspector';
    return;
  }
  fetch(`${BASE_URL}/__rex/`)
    .then((res) => res.text())
    .then((html) => {
      inspector.srcdoc = html;
      inspector.hidden = false;
      inspectorButton.textContent = 'Hide the mock inspector';
    })
    .catch((error: unknown) => show('result', `error: cannot load the inspector: ${String(error)}`));
});

// Answer nothing until the worker controls the page; then enable the form.
await mock.start({
  onUnhandledRequest: 'bypass',
  quiet: true,
  serviceWorker: { url: '/mockServiceWorker.js' },
});
show('status', 'ready');
form.querySelector('button')?.removeAttribute('disabled');
inspectorButton.removeAttribute('disabled');

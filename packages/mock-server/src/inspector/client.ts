/** What the page's script is told by the server that renders it. */
export interface InspectorConfig {
  /** The package version, shown in the header. */
  version: string;
  /** The mock's base URL; the admin routes are `${baseUrl}/__rex/…`. */
  baseUrl: string;
  /**
   * The declared resources, in declaration order: the plural name, a heading (`Contacts`), and
   * the fields that name a record for a person, tried in order.
   */
  resources: readonly { plural: string; title: string; labels: readonly string[] }[];
  /** Whether the mock reports webhook deliveries (`GET /__rex/deliveries`). */
  deliveries: boolean;
  /** `apiKeys` when the mock accepts only configured keys (shown as their last 4 characters). */
  keyMode: 'test-keys' | 'api-keys';
  /** How often the page polls for changes, in ms. */
  pollMs: number;
}

/**
 * The inspector page's script: it runs in the browser, bundled by `build-client.ts` into
 * `client-script.generated.ts`, which the page inlines. Nothing on the server imports it.
 *
 * Live updates poll (every `pollMs`, paused while the tab is hidden): polling is the one way
 * that works through every transport the mock runs on, the MSW service worker included, whose
 * handlers answer each request with one response. Each poll is cheap: the orgs' counts and
 * revisions, the journal after the last entry seen, the fault rules; an org's records and
 * events are read again only when its revision moves.
 * @param config - What the server knows: base URL, resources, version.
 */
export function startInspector(config: InspectorConfig): void {
  type Json = Record<string, unknown>;
  interface Envelope {
    data: unknown;
    meta?: Json;
  }
  interface OrgRow {
    name: string;
    records: Record<string, number>;
    events: number;
    readers: { key: string; scope: string }[];
    revision: string;
  }
  interface Entry {
    method: string;
    path: string;
    query: string;
    status: number;
    key: string | null;
    time: string;
    durationMs: number;
    requestId: string;
    requestBody: string | null;
    responseBody: string | null;
  }
  interface Fault {
    id: string;
    rule: Json;
    remaining: number | null;
  }

  // The admin routes: next to this page when it was navigated to (`…/__rex/`), else (a page
  // built from the HTML, such as an iframe's `srcdoc` in the browser worker) under the base URL.
  const here = location.pathname;
  const admin =
    /^https?:$/.test(location.protocol) && /\/__rex\/?$/.test(here)
      ? here.replace(/\/?$/, '/')
      : `${config.baseUrl}/__rex/`;

  const byId = <T extends HTMLElement>(id: string): T => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`The inspector page has no #${id}`);
    return found as T;
  };

  /** Makes an element: attributes (`class`, `aria-*`, `data-*`, …) and children. */
  const h = (
    tag: string,
    attributes: Record<string, string | boolean | undefined> = {},
    ...children: (Node | string | null | undefined)[]
  ): HTMLElement => {
    const element = document.createElement(tag);
    for (const name of Object.keys(attributes)) {
      const value = attributes[name];
      if (value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) if (child !== null && child !== undefined) element.append(child);
    return element;
  };

  const call = async (method: string, path: string, body?: unknown): Promise<Envelope> => {
    const init: RequestInit = { method, headers: {} };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(admin + path, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const error = (parsed as { error?: { message?: string } } | null)?.error;
      throw new Error(error?.message ?? `${method} ${path} answered ${res.status}`);
    }
    return parsed as Envelope;
  };

  const query = (params: Record<string, string | number | null | undefined>): string => {
    const search = new URLSearchParams();
    for (const name of Object.keys(params)) {
      const value = params[name];
      if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
    }
    const text = search.toString();
    return text === '' ? '' : `?${text}`;
  };

  /** A key as the inspector shows it: its last 4 characters only. */
  const last4 = (key: string | null): string => (key === null ? '—' : `…${key.slice(-4)}`);

  /** A body as text: JSON pretty-printed, anything else as it came. */
  const pretty = (text: string | null): string => {
    if (text === null) return '(none)';
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  };

  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

  const notice = byId('notice');
  const say = (text: string, isError = false): void => {
    notice.textContent = text;
    notice.className = isError ? 'error' : '';
  };
  const failed = (error: unknown): void => say(error instanceof Error ? error.message : String(error), true);

  // Reads that render run one at a time, in order, so a slow poll cannot paint over the page
  // a person just asked for.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  // ---------------------------------------------------------------------------------------------
  // State

  const state = {
    org: 'default',
    resource: config.resources[0] ? config.resources[0].plural : '',
    search: '',
    /** Cursors of the pages visited; the last is the page shown. */
    cursors: [undefined] as (string | undefined)[],
    revision: '',
    orgsText: '',
    faultsText: '',
    deliveriesText: '',
    journalCursor: null as string | null,
    paused: false,
  };

  byId('version').textContent = `v${config.version}`;
  byId('base').textContent = config.baseUrl;

  // ---------------------------------------------------------------------------------------------
  // Orgs: counts per resource, and who reads each

  const orgSelect = byId<HTMLSelectElement>('org');
  const resourceSelect = byId<HTMLSelectElement>('resource');
  for (const resource of config.resources) {
    resourceSelect.append(h('option', { value: resource.plural }, resource.title));
  }

  const selectOrg = (org: string, resource?: string): void => {
    state.org = org;
    if (resource !== undefined) state.resource = resource;
    orgSelect.value = org;
    resourceSelect.value = state.resource;
    state.cursors = [undefined];
    state.revision = '';
    // Re-rendered, so the table marks the org now selected.
    state.orgsText = '';
    state.deliveriesText = '';
    serial(refreshOrgs).catch(failed);
  };

  const renderOrgs = (orgs: OrgRow[]): void => {
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Org'),
      h('th', { scope: 'col' }, 'Read with X-Api-Key'),
      ...config.resources.map((r) => h('th', { scope: 'col', class: 'num' }, r.title)),
      h('th', { scope: 'col', class: 'num' }, 'Events'),
    );
    const rows = orgs.map((org) =>
      h(
        'tr',
        { 'aria-current': org.name === state.org ? 'true' : undefined },
        h('th', { scope: 'row' }, h('code', {}, org.name)),
        h(
          'td',
          {},
          org.readers.length === 0
            ? h('span', { class: 'muted' }, 'no key reads it')
            : org.readers
                .map((r) => `${config.keyMode === 'api-keys' ? last4(r.key) : r.key} (${r.scope})`)
                .join(', '),
        ),
        ...config.resources.map((r) => {
          const count = org.records[r.plural] ?? 0;
          return h(
            'td',
            { class: 'num' },
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'aria-label': `Show the ${r.title.toLowerCase()} of org ${org.name} (${count})`,
                'data-org': org.name,
                'data-resource': r.plural,
              },
              String(count),
            ),
          );
        }),
        h('td', { class: 'num' }, String(org.events)),
      ),
    );
    // A live re-render must not take the keyboard focus away from a count button.
    const table = byId('org-table');
    const focused = table.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
    if (focused?.dataset.org !== undefined) {
      for (const button of Array.from(table.querySelectorAll('button'))) {
        if (
          button.dataset.org === focused.dataset.org &&
          button.dataset.resource === focused.dataset.resource
        ) {
          button.focus();
        }
      }
    }
    const selected = orgSelect.value || state.org;
    orgSelect.replaceChildren(...orgs.map((org) => h('option', { value: org.name }, org.name)));
    if (!orgs.some((org) => org.name === selected)) {
      orgSelect.append(h('option', { value: selected }, selected));
    }
    orgSelect.value = selected;
  };

  byId('org-table').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button?.dataset.org) return;
    selectOrg(button.dataset.org, button.dataset.resource);
    byId('records-h').scrollIntoView();
    byId<HTMLInputElement>('search').focus();
  });
  orgSelect.addEventListener('change', () => selectOrg(orgSelect.value));
  resourceSelect.addEventListener('change', () => selectOrg(state.org, resourceSelect.value));

  const refreshOrgs = async (): Promise<void> => {
    const orgs = (await call('GET', 'orgs')).data as OrgRow[];
    const text = JSON.stringify(orgs);
    if (text !== state.orgsText) {
      state.orgsText = text;
      renderOrgs(orgs);
    }
    const current = orgs.find((org) => org.name === state.org);
    const revision = current ? current.revision : 'none';
    if (revision !== state.revision) {
      state.revision = revision;
      await Promise.all([loadRecords(), loadEvents()]);
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Records of one org and resource: searchable, paged, each one's JSON

  /** Keeps which `<details>` were open across a re-render, by their `data-key`. */
  const openKeys = (list: HTMLElement): Set<string> => {
    const open = new Set<string>();
    for (const details of Array.from(list.querySelectorAll('details[open]'))) {
      const key = (details as HTMLElement).dataset.key;
      if (key) open.add(key);
    }
    return open;
  };

  const labelOf = (record: Json, labels: readonly string[]): string => {
    for (const field of labels) {
      const value = record[field];
      if (typeof value === 'string' && value !== '') return value;
    }
    return '';
  };

  const loadRecords = async (): Promise<void> => {
    const resource = config.resources.find((r) => r.plural === state.resource);
    if (!resource) return;
    const cursor = state.cursors[state.cursors.length - 1];
    const page = await call(
      'GET',
      `records${query({ org: state.org, resource: resource.plural, search: state.search, cursor, limit: 20 })}`,
    );
    const records = page.data as Json[];
    const meta = page.meta ?? {};
    const list = byId('record-list');
    const open = openKeys(list);
    list.replaceChildren(
      ...records.map((record) => {
        const id = String(record.id);
        const label = labelOf(record, resource.labels);
        return h(
          'li',
          {},
          h(
            'details',
            { 'data-key': id, open: open.has(id) },
            h(
              'summary',
              {},
              label === '' ? null : h('span', { class: 'label' }, label),
              h('code', { class: 'muted' }, id),
            ),
            h('pre', {}, JSON.stringify(record, null, 2)),
          ),
        );
      }),
    );
    const total = Number(meta.total ?? 0);
    const pageNumber = state.cursors.length;
    byId('record-summary').textContent =
      records.length === 0
        ? state.search === ''
          ? `Org ${state.org} has no ${resource.title.toLowerCase()}.`
          : `None of the ${resource.title.toLowerCase()} of org ${state.org} matches “${state.search}”.`
        : `${resource.title} of org ${state.org}, newest first: page ${pageNumber}, ` +
          `${plural(records.length, 'record')} shown of ${total}${state.search === '' ? '' : ` (matching “${state.search}”)`}.`;
    const next = byId<HTMLButtonElement>('next');
    next.disabled = meta.has_more !== true;
    next.dataset.cursor = typeof meta.cursor === 'string' ? meta.cursor : '';
    byId<HTMLButtonElement>('prev').disabled = state.cursors.length <= 1;
  };

  byId('next').addEventListener('click', () => {
    const cursor = byId('next').dataset.cursor;
    if (!cursor) return;
    state.cursors.push(cursor);
    serial(loadRecords).catch(failed);
  });
  byId('prev').addEventListener('click', () => {
    if (state.cursors.length <= 1) return;
    state.cursors.pop();
    serial(loadRecords).catch(failed);
  });
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const searchInput = byId<HTMLInputElement>('search');
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.search = searchInput.value.trim();
      state.cursors = [undefined];
      serial(loadRecords).catch(failed);
    }, 200);
  });
  byId('record-form').addEventListener('submit', (event) => event.preventDefault());

  // ---------------------------------------------------------------------------------------------
  // Events of the org, newest first

  const loadEvents = async (): Promise<void> => {
    const page = await call('GET', `events${query({ org: state.org, limit: 50 })}`);
    const events = (page.data as Json[]).slice().reverse();
    const list = byId('event-list');
    const open = openKeys(list);
    list.replaceChildren(
      ...events.map((event) => {
        const id = String(event.id);
        const data = (event.data ?? {}) as Json;
        return h(
          'li',
          {},
          h(
            'details',
            { 'data-key': id, open: open.has(id) },
            h(
              'summary',
              {},
              h('span', { class: 'muted' }, String(event.timestamp).slice(11, 23)),
              h('span', { class: 'label' }, String(event.type)),
              h('code', { class: 'muted' }, String(data.id ?? '')),
            ),
            h('pre', {}, JSON.stringify(event, null, 2)),
          ),
        );
      }),
    );
    const total = Number(page.meta?.total ?? 0);
    byId('event-summary').textContent =
      events.length === 0
        ? `Org ${state.org} has no events (seeds emit none).`
        : `The latest ${plural(events.length, 'event')} of org ${state.org} (of ${total} kept), newest first.`;
  };

  // ---------------------------------------------------------------------------------------------
  // The request journal, live

  const journalList = byId('journal-list');
  const MAX_ROWS = 300;
  const journalFilter = (): Record<string, string> => ({
    method: byId<HTMLSelectElement>('j-method').value,
    path: byId<HTMLInputElement>('j-path').value.trim(),
    status: byId<HTMLInputElement>('j-status').value.trim(),
  });

  const statusClass = (status: number): string =>
    status === 0 || status >= 500 ? 'status err' : status >= 400 ? 'status warn' : 'status ok';

  const entryRow = (entry: Entry): HTMLElement => {
    const target = entry.query === '' ? entry.path : `${entry.path}?${entry.query}`;
    return h(
      'li',
      {},
      h(
        'details',
        { 'data-key': entry.requestId },
        h(
          'summary',
          { class: 'grid' },
          h('span', { class: 'muted' }, entry.time.slice(11, 23)),
          h('span', { class: 'method' }, entry.method),
          h('code', { class: 'path' }, target),
          entry.status === 0
            ? h('span', { class: 'status err', title: 'network error (a fault)' }, 'net')
            : h('span', { class: statusClass(entry.status) }, String(entry.status)),
          h('span', { class: 'key', title: 'API key, last 4 characters' }, last4(entry.key)),
          h('span', { class: 'num' }, `${entry.durationMs.toFixed(1)} ms`),
        ),
        h(
          'dl',
          {},
          h('dt', {}, 'Request id'),
          h('dd', {}, h('code', {}, entry.requestId)),
          h('dt', {}, 'Answered at'),
          h('dd', {}, entry.time),
          h('dt', {}, 'Request body'),
          h('dd', {}, h('pre', {}, pretty(entry.requestBody))),
          h('dt', {}, 'Response body'),
          h('dd', {}, h('pre', {}, pretty(entry.responseBody))),
        ),
      ),
    );
  };

  const refreshJournal = async (): Promise<void> => {
    const filter = journalFilter();
    const page = await call(
      'GET',
      `requests${query({ ...filter, after: state.journalCursor, limit: state.journalCursor === null ? 100 : 500 })}`,
    );
    const entries = page.data as Entry[];
    const meta = page.meta ?? {};
    if (meta.restarted === true || state.journalCursor === null) journalList.replaceChildren();
    state.journalCursor = typeof meta.cursor === 'string' ? meta.cursor : null;
    if (entries.length > 0) {
      journalList.prepend(...entries.slice().reverse().map(entryRow));
      while (journalList.childElementCount > MAX_ROWS) journalList.lastElementChild?.remove();
    }
    byId('journal-summary').textContent =
      journalList.childElementCount === 0
        ? 'No request matches yet. Requests to the API show up here as they are answered.'
        : `The latest ${plural(journalList.childElementCount, 'request')}, newest first (admin calls are not journaled).`;
  };

  const restartJournal = (): void => {
    state.journalCursor = null;
    serial(refreshJournal).catch(failed);
  };
  const journalForm = byId<HTMLFormElement>('journal-form');
  journalForm.addEventListener('submit', (event) => {
    event.preventDefault();
    restartJournal();
  });
  journalForm.addEventListener('change', restartJournal);

  // ---------------------------------------------------------------------------------------------
  // Fault rules: list, add, remove

  const describeRule = (fault: Fault): string => {
    const rule = fault.rule;
    const parts = [`${rule.method ?? 'any method'} ${rule.path ?? 'any path'} →`];
    if (rule.status !== undefined) parts.push(String(rule.status));
    if (rule.retryAfter !== undefined) parts.push(`Retry-After ${rule.retryAfter} s`);
    if (rule.networkError === true) parts.push('network error');
    if (rule.delayMs !== undefined) parts.push(`after ${rule.delayMs} ms`);
    if (rule.probability !== undefined) parts.push(`with probability ${rule.probability}`);
    parts.push(
      fault.remaining === null
        ? 'until removed'
        : `${fault.remaining} more ${fault.remaining === 1 ? 'time' : 'times'}`,
    );
    return parts.join(' ');
  };

  const refreshFaults = async (): Promise<void> => {
    const faults = (await call('GET', 'faults')).data as Fault[];
    const text = JSON.stringify(faults);
    if (text === state.faultsText) return;
    state.faultsText = text;
    byId('fault-list').replaceChildren(
      ...faults.map((fault) =>
        h(
          'li',
          {},
          h('code', {}, fault.id),
          h('span', {}, describeRule(fault)),
          h(
            'button',
            { type: 'button', 'data-fault': fault.id, 'aria-label': `Remove fault rule ${fault.id}` },
            'Remove',
          ),
        ),
      ),
    );
    byId('fault-summary').textContent =
      faults.length === 0
        ? 'No fault rule is active: every request is answered normally.'
        : `${plural(faults.length, 'rule')}, checked in this order; the first that fires applies.`;
  };

  byId('fault-list').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    const id = button?.dataset.fault;
    if (!id) return;
    call('DELETE', `faults/${encodeURIComponent(id)}`)
      .then(() => {
        say(`Removed fault rule ${id}.`);
        return serial(refreshFaults);
      })
      .catch(failed);
  });

  const faultForm = byId<HTMLFormElement>('fault-form');
  faultForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(faultForm);
    const rule: Json = {};
    const text = (name: string): string => String(form.get(name) ?? '').trim();
    if (text('method') !== '') rule.method = text('method');
    if (text('path') !== '') rule.path = text('path');
    for (const name of ['status', 'retryAfter', 'delayMs', 'times', 'probability']) {
      if (text(name) !== '') rule[name] = Number(text(name));
    }
    if (form.get('networkError') === 'on') rule.networkError = true;
    const error = byId('fault-error');
    error.textContent = '';
    call('POST', 'faults', rule)
      .then((answer) => {
        const id = (answer.data as { id: string }).id;
        faultForm.reset();
        say(`Added fault rule ${id}.`);
        return serial(refreshFaults);
      })
      .catch((problem: unknown) => {
        error.textContent = problem instanceof Error ? problem.message : String(problem);
      });
  });

  // ---------------------------------------------------------------------------------------------
  // Webhook deliveries, when the mock reports them

  const refreshDeliveries = async (): Promise<void> => {
    const deliveries = (await call('GET', `deliveries${query({ org: state.org, limit: 50 })}`))
      .data as Json[];
    const text = JSON.stringify(deliveries);
    if (text === state.deliveriesText) return;
    state.deliveriesText = text;
    const list = byId('delivery-list');
    const open = openKeys(list);
    list.replaceChildren(
      ...deliveries.map((delivery) => {
        const id = String(delivery.id);
        return h(
          'li',
          {},
          h(
            'details',
            { 'data-key': id, open: open.has(id) },
            h(
              'summary',
              {},
              h('span', { class: 'label' }, String(delivery.event ?? delivery.type ?? '')),
              h('code', {}, id),
              h('span', {}, String(delivery.status ?? '')),
              h('span', { class: 'muted' }, `attempts: ${String(delivery.attempts ?? '—')}`),
            ),
            h('pre', {}, JSON.stringify(delivery, null, 2)),
          ),
        );
      }),
    );
    byId('delivery-summary').textContent =
      deliveries.length === 0
        ? `No webhook delivery for org ${state.org} yet.`
        : `The latest ${plural(deliveries.length, 'delivery')} of org ${state.org}, newest first.`;
  };
  if (config.deliveries) {
    byId('deliveries').hidden = false;
    byId('deliveries-link').hidden = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Reset, snapshot download, restore upload

  const resetButton = byId<HTMLButtonElement>('reset');
  let armed: ReturnType<typeof setTimeout> | undefined;
  resetButton.addEventListener('click', () => {
    // Two presses, so a stray click does not throw the state away.
    if (armed === undefined) {
      resetButton.textContent = 'Press again to reset';
      armed = setTimeout(() => {
        armed = undefined;
        resetButton.textContent = 'Reset to seed';
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = undefined;
    resetButton.textContent = 'Reset to seed';
    call('POST', 'reset', {})
      .then(() => {
        say('Reset: every org is back to the seed; the journal and fault rules are cleared.');
        return refreshAll(true);
      })
      .catch(failed);
  });

  byId('download').addEventListener('click', () => {
    call('GET', 'snapshot')
      .then((answer) => {
        const blob = new Blob([JSON.stringify(answer.data, null, 2)], { type: 'application/json' });
        const url = URL.createObjectURL(blob);
        const link = h('a', {
          href: url,
          download: `rex-snapshot-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
        });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
        say('Snapshot downloaded.');
      })
      .catch(failed);
  });

  const fileInput = byId<HTMLInputElement>('restore-file');
  byId('restore').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    file
      .text()
      .then((text) => {
        let body: unknown = JSON.parse(text);
        // A saved `GET /__rex/snapshot` answer holds the snapshot in `data`.
        const wrapped = body as { data?: { version?: unknown } };
        if (wrapped && typeof wrapped === 'object' && wrapped.data && wrapped.data.version !== undefined) {
          body = wrapped.data;
        }
        return call('POST', 'restore', body);
      })
      .then(() => {
        say(`Restored ${file.name}.`);
        return refreshAll(false);
      })
      .catch(failed)
      .finally(() => {
        fileInput.value = '';
      });
  });

  // ---------------------------------------------------------------------------------------------
  // Live updates

  const pauseButton = byId<HTMLButtonElement>('pause');
  const live = byId('live');
  const showLive = (text: string): void => {
    live.textContent = text;
  };
  pauseButton.addEventListener('click', () => {
    state.paused = !state.paused;
    pauseButton.setAttribute('aria-pressed', String(state.paused));
    pauseButton.textContent = state.paused ? 'Resume live updates' : 'Pause live updates';
    showLive(state.paused ? 'Live updates paused.' : 'Live: resuming…');
  });

  /** One poll: what changed since the last one. */
  const poll = async (): Promise<void> => {
    await refreshOrgs();
    await refreshJournal();
    await refreshFaults();
    if (config.deliveries) await refreshDeliveries();
  };

  /** Reads everything again (after a reset or a restore; at start). */
  const refreshAll = (journalToo: boolean): Promise<void> =>
    serial(() => {
      state.revision = '';
      state.faultsText = '';
      state.deliveriesText = '';
      if (journalToo) state.journalCursor = null;
      return poll();
    });

  const seconds = config.pollMs / 1000;
  const tick = async (): Promise<void> => {
    if (!state.paused && !document.hidden) {
      try {
        await serial(poll);
        showLive(`Live: polling every ${seconds} s; last update ${new Date().toLocaleTimeString()}.`);
      } catch (error) {
        showLive(
          `Live: cannot reach the mock (${error instanceof Error ? error.message : String(error)}); retrying.`,
        );
      }
    }
    setTimeout(() => void tick(), config.pollMs);
  };
  refreshAll(true)
    .then(() => say(''))
    .catch(failed)
    .finally(() => setTimeout(() => void tick(), config.pollMs));
}

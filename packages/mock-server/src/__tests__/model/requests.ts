/**
 * Random requests for the request fuzzing and the adapter comparison: routes from the endpoint
 * table and unknown ones, ids real and made up, keys, query strings and bodies.
 */
import { createRexMock, type RexMock, type RexMockOptions } from '@rex/mock-server';
import { COMPANY_FIELDS, CONTACT_FIELDS, ENDPOINTS, type Endpoint, SOURCES, STAGES } from '@rex/types';
import * as fc from 'fast-check';

export const BASE_URL = 'https://fuzz.rexgtm.com';
export const KEY_A = 'rex_test_a';

/** Options of a deterministic mock: seeded ids and a clock that ticks one second per read. */
export function mockOptions(baseUrl?: string): RexMockOptions {
  let time = Date.UTC(2026, 2, 16);
  return {
    ...(baseUrl ? { baseUrl } : {}),
    rateLimit: false,
    ids: { seed: 3 },
    now: () => {
      time += 1000;
      return new Date(time);
    },
  };
}

/** Seeds a few records into the org of key a, and one contact into the org of key b. */
export function seedRecords(mock: Pick<RexMock, 'seed'>): string[] {
  const a = mock.seed({
    key: KEY_A,
    companies: [{ name: 'Acme', domain: 'acme.com' }, { name: 'Globex' }],
    contacts: [
      { email: 'ada@acme.com', first_name: 'Ada', metadata: { plan: 'pro' } },
      { email: 'bob@acme.com', stage: 'customer' },
      { email: 'zoe@globex.com', source: 'event' },
    ],
  });
  const b = mock.seed({ key: 'rex_test_b', contacts: [{ email: 'ada@acme.com' }] });
  return [...a.contacts, ...a.companies, ...b.contacts].map((r) => r.id);
}

/** A deterministic mock at {@link BASE_URL} with {@link seedRecords}' records. */
export function seededMock(): { mock: RexMock; ids: string[] } {
  const mock = createRexMock(mockOptions(BASE_URL));
  return { mock, ids: seedRecords(mock) };
}

export const json = fc.jsonValue({ maxDepth: 3 });
export const FIELD_NAMES = [
  ...new Set([...CONTACT_FIELDS, ...COMPANY_FIELDS, 'primary_id', 'duplicate_ids', 'address', 'stge']),
];
export const fieldValue = fc.oneof(
  json,
  fc.constantFrom<unknown>(
    'ada@example.com',
    ' ADA@Example.com ',
    'https://www.Acme.com/x',
    'acme.com',
    'not an email',
    '',
    null,
    1.5,
    -1,
    '2026-03-16T12:00:00.000Z',
    '2026-02-30T00:00:00Z',
    { city: 'Paris' },
    { zip: 1 },
    ['cont_01h455vb4pex5vsknk084sn02q'],
    [],
    ...STAGES,
    ...SOURCES,
    '1-10',
  ),
);
/** Objects made of real field names and random values: mostly invalid, sometimes not. */
export const fieldObject = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 5 });

/** Bodies some endpoint accepts, to be sent as they are or with one field replaced. */
export const validBody = fc.constantFrom<Record<string, unknown>>(
  { email: 'new@example.com' },
  { email: ' ADA@acme.com ', title: 'CTO', metadata: { plan: null, seats: 3 } },
  { name: 'Initech', domain: 'https://www.initech.com/about' },
  { domain: 'ACME.com.', industry: 'saas' },
  { stage: 'prospect', metadata: null },
  { name: 'Renamed', address: { city: 'Paris' } },
);
const nearlyValidBody = fc
  .tuple(
    validBody,
    fc.option(fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { minKeys: 1, maxKeys: 1 }), {
      freq: 2,
    }),
  )
  .map(([body, patch]) => ({ ...body, ...patch }));

/** A body as sent on the wire: JSON text, broken JSON, or nothing. */
export const bodyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 4, arbitrary: nearlyValidBody.map((o) => JSON.stringify(o)) },
  { weight: 4, arbitrary: fieldObject.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.anything().map((v) => JSON.stringify(v) as string | undefined) },
  { weight: 1, arbitrary: fc.json() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '{"email":',
      'null',
      '[]',
      '"x"',
      '',
      'email=ada@x.com',
      '\u0000',
      '{"a":1}{}',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const QUERY_NAMES = [
  'limit',
  'cursor',
  'sort',
  'stage',
  'source',
  'owner_id',
  'company_id',
  'email',
  'search',
  'updated_after',
  'fields',
  'include',
  'industry',
  'domain',
  'after',
  'stag',
  '',
];
const queryValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 300 }).map(String),
  fc.constantFrom(
    '0',
    '1',
    '50',
    '200',
    '201',
    '1.5',
    'abc',
    'id,email',
    'email,,stage',
    'company',
    'nope',
    '-created_at',
    'email',
    '-name',
    'lead',
    'Ada@Acme.com',
    'https://www.acme.com',
    '2026-03-16T12:00:00Z',
    'eyJ4IjoxfQ',
    'evt_01h455vb4pex5vsknk084sn02q',
  ),
);
const queryArb = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 6 })), queryValue),
  {
    maxLength: 3,
  },
);

export interface Call {
  /** An index into ENDPOINTS, or -1 for a made-up route. */
  endpoint: number;
  method: string;
  /** For `{id}`: an index into the seeded ids, or a made-up id. */
  id: number | string;
  key: string | null;
  query: [string, string][];
  body: string | undefined;
  contentType: string | null;
}

export const callArb: fc.Arbitrary<Call> = fc.record({
  endpoint: fc.integer({ min: -1, max: ENDPOINTS.length - 1 }),
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
  id: fc.oneof(
    fc.nat({ max: 20 }),
    fc.constantFrom('cont_01h455vb4pex5vsknk084sn02q', 'comp_nope', 'CONT_X', '%E0%A4%A', 'upsert'),
    // Empty and dot segments would change the route itself (`/companies/` is the list).
    fc.string({ maxLength: 10 }).map((id) => (/^\.{0,2}$/.test(id) ? 'x' : id)),
  ),
  key: fc.oneof(
    { weight: 12, arbitrary: fc.constant(KEY_A) },
    { weight: 3, arbitrary: fc.constant('rex_test_b') },
    { weight: 1, arbitrary: fc.constantFrom(null, 'rex_live_x', 'garbage', '') },
  ),
  query: fc.oneof(fc.constant<[string, string][]>([]), queryArb),
  body: bodyArb,
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'text/plain',
    null,
    'application/json; charset=utf-8',
  ),
});

/** Routes no endpoint serves: unknown paths with any method, known paths with PUT. */
const UNKNOWN_ROUTES: { path: string; method?: string }[] = [
  { path: '/' },
  { path: '/contact' },
  { path: '/contacts/a/b' },
  { path: '/companies/x/contacts/y' },
  { path: '/events/1' },
  { path: '/contacts', method: 'PUT' },
  { path: '/companies/upsert', method: 'PUT' },
];

export function buildRequest(
  call: Call,
  ids: readonly string[],
  baseUrl = BASE_URL,
): { request: Request; endpoint: Endpoint | undefined } {
  const endpoint = call.endpoint >= 0 ? ENDPOINTS[call.endpoint] : undefined;
  const id = typeof call.id === 'number' ? (ids[call.id % ids.length] ?? 'x') : encodeURIComponent(call.id);
  const unknown = UNKNOWN_ROUTES[String(call.id).length % UNKNOWN_ROUTES.length]!;
  const route = endpoint ? endpoint.path.replace('{id}', id) : unknown.path;
  const url = new URL(route, baseUrl);
  for (const [name, value] of call.query) url.searchParams.append(name, value);
  const method = endpoint ? endpoint.method : (unknown.method ?? call.method);
  const headers: Record<string, string> = {};
  if (call.key !== null) headers['x-api-key'] = call.key;
  if (call.contentType !== null) headers['content-type'] = call.contentType;
  const init: RequestInit = { method, headers };
  if (method !== 'GET' && call.body !== undefined) init.body = call.body;
  return {
    request: new Request(url, init),
    endpoint,
  };
}

/**
 * Hostile requests (issue #15), sent both through MSW (`setupRexServer` + fetch) and as raw bytes
 * over a socket to `startRexServer`: random methods (TRACE, CONNECT, lowercase, made up), every
 * `Object.prototype` name as a query key, JSON key and path segment, bad percent-encoding,
 * invalid UTF-8, huge and duplicate headers, chunked and mis-framed bodies, wrong content
 * types, deep nesting and oversize bodies. Whatever arrives: never a 5xx; over a socket, the
 * bytes that come back are well-formed HTTP/1.1 answers or nothing, and the connection closes;
 * the server stays up; a refused request (4xx or no answer) and any read leave the store as it
 * was. `__tests__/model/request-fuzz.test.ts` checks the envelopes of well-formed requests; this
 * file is about the transport and odd input, and reuses its generators.
 *
 * Reproduce a failure: REX_FUZZ_SEED=123 npx vitest run packages/mock-server/src/__tests__/hostile-http.test.ts
 */
import { connect } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { type RexMock, type RunningRexServer, setupRexServer, startRexServer } from '@rex/mock-server/node';
import { ENDPOINTS } from '@rex/types';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, bodyArb, KEY_A, mockOptions, seedRecords } from './model/requests.js';

const seed = process.env.REX_FUZZ_SEED
  ? Number(process.env.REX_FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x7fffffff);
const numRuns = process.env.REX_FUZZ_RUNS ? Number(process.env.REX_FUZZ_RUNS) : 250;

/** fast-check's options here: the seed, and failure reports cut short (bodies reach 1 MiB). */
const fcOptions = <T>(): fc.Parameters<T> => ({
  seed,
  numRuns,
  reporter: (details) => {
    if (details.failed) throw new Error(fc.defaultReportMessage(details)?.slice(0, 4000));
  },
});
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
const PATHS = [...new Set(ENDPOINTS.map((e) => e.path)), '/', '/__rex/snapshot', '/__rex/seed'];

/** A path segment or query part as it goes on the wire (already encoded, or deliberately not). */
const segment = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '%2F', '%FF%FE', '..', '.', '', '%ZZ%'),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);
const routeArb = fc
  .tuple(fc.constantFrom(...PATHS), segment)
  .map(([path, id]) => path.replace(/\{[^}]+\}/g, id));
/** A known route with its own method (hostile ids and input), or any method on any route. */
const routeAndMethod = (methods: readonly string[]) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...ENDPOINTS),
          fc.oneof(segment, fc.constant('cont_01h455vb4pex5vsknk084sn02q')),
        )
        .map(([e, id]) => ({ method: e.method as string, route: e.path.replace(/\{[^}]+\}/g, id) })),
    },
    { weight: 1, arbitrary: fc.record({ method: fc.constantFrom(...methods), route: routeArb }) },
  );
/** Mostly `value`, sometimes one of `odd`: one hostile trait at a time reaches the handlers. */
const mostly = <T>(value: T, ...odd: T[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...PROTO_NAMES, 'limit', 'cursor', 'fields', 'include', 'sort'), segment),
      fc.oneof(segment, fc.constantFrom('1', '0', '-1', '1e999', 'not-a-cursor', 'id,email', '')),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

/** JSON text with every `Object.prototype` name as a key, at the top and nested. */
const protoBody = fc.subarray(PROTO_NAMES, { minLength: 1 }).map((names) =>
  JSON.stringify({
    email: 'proto@example.com',
    ...Object.fromEntries(names.map((n) => [n, { [n]: 1 }])),
    metadata: Object.fromEntries(names.map((n) => [n, n])),
  }).replace('"email"', '"__proto__":{"polluted":true},"email"'),
);
const hostileBody = fc.oneof(
  { weight: 3, arbitrary: bodyArb },
  { weight: 2, arbitrary: protoBody },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 30, max: 20_000 })
      .map((d) => `{"email":"d@example.com","metadata":${'{"d":'.repeat(d)}1${'}'.repeat(d)}}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 30, max: 20_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  },
  { weight: 1, arbitrary: fc.constant(`{"email":"big@example.com","note":"${'x'.repeat(1024 * 1024)}"}`) },
);
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  '',
  'application/json, text/plain',
];
const KEYS = [KEY_A, 'rex_test_b', 'rex_test_new', 'rex_live_x', '', 'garbage', ...PROTO_NAMES];
/** Mostly a key that reaches the handlers, sometimes a wrong or hostile one, sometimes none. */
const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | null>(KEY_A) },
  { weight: 2, arbitrary: fc.constantFrom<string | null>(...KEYS, null) },
);

/** The methods Rex routes or a browser sends; each side adds its hostile ones. */
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'];

const mswCallArb = fc.record({
  target: routeAndMethod([...METHODS, 'patch', 'post', 'FOO', 'PROPFIND']),
  query: queryArb,
  key: keyArb,
  contentType: mostly<string | null>('application/json', null, ...CONTENT_TYPES),
  extra: fc.array(
    fc.tuple(fc.constantFrom(...PROTO_NAMES, 'x-request-id', 'origin', 'host'), fc.string({ maxLength: 20 })),
    {
      maxLength: 3,
    },
  ),
  body: fc.option(hostileBody),
});

const statuses = new Map<string, number>();
const count = (where: string, status: number | string) => {
  const label = `${where} ${status}`;
  statuses.set(label, (statuses.get(label) ?? 0) + 1);
};

afterAll(() => {
  const mix = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}×${n}`);
  console.log(`hostile requests (seed ${seed}): ${mix.join(' ')}`);
});

/** Asserts the store is unchanged unless a write was accepted. */
function checkStore(mock: RexMock, before: unknown, label: string, status: number | null, method: string) {
  const refused = status === null || status >= 400;
  const read = ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  if ((refused || read) && !isDeepStrictEqual(mock.snapshot(), before)) {
    throw new Error(`${label}: ${status ?? 'no answer'} changed the store`);
  }
}

describe('hostile requests through MSW', () => {
  const rex = setupRexServer(mockOptions(BASE_URL));
  beforeAll(() => {
    rex.listen({ onUnhandledRequest: 'error' });
    seedRecords(rex);
  });
  afterAll(() => rex.close());

  it('never answers 5xx, and a refused request or a read changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(mswCallArb, async (call) => {
        const url = `${BASE_URL}${call.target.route}${call.query ? `?${call.query}` : ''}`;
        const headers = new Headers();
        if (call.key !== null) headers.set('x-api-key', call.key);
        if (call.contentType !== null) headers.set('content-type', call.contentType);
        for (const [name, value] of call.extra) {
          try {
            headers.append(name, value);
          } catch {
            // fetch refuses some header values outright; those never reach the mock.
          }
        }
        const body = ['GET', 'HEAD'].includes(call.target.method.toUpperCase()) ? null : (call.body ?? null);
        const label = `${call.target.method} ${url.slice(0, 200)} body=${String(call.body).slice(0, 120)}`;
        const before = rex.snapshot();
        const res = await fetch(url, {
          method: call.target.method,
          headers,
          ...(body === null ? {} : { body }),
        });
        const text = await res.text();
        count('msw', res.status);
        if (res.status >= 500) throw new Error(`${label}: ${res.status} ${text.slice(0, 300)}`);
        if (res.status >= 400 && call.target.method.toUpperCase() !== 'HEAD') JSON.parse(text);
        checkStore(rex, before, label, res.status, call.target.method);
      }),
      fcOptions(),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it('refuses an admin body nested past 64 levels with 400 (it was a stack overflow, a 500)', async () => {
    const deep = `{"contacts":[{"email":"d@example.com","metadata":${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}}]}`;
    for (const route of ['/__rex/seed', '/__rex/restore', '/__rex/faults']) {
      const before = rex.snapshot();
      const res = await fetch(`${BASE_URL}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_error' } });
      expect(rex.snapshot()).toEqual(before);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Raw bytes over a socket

/** One response parsed off the wire. */
interface WireAnswer {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * Parses what the server sent: zero or more HTTP/1.1 answers back to back (a body longer than its
 * Content-Length reads as a second request). Throws on anything else.
 */
function parseAnswers(data: Buffer, head: boolean): WireAnswer[] {
  const answers: WireAnswer[] = [];
  let rest = data;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1)
      throw new Error(
        `an answer with no end of headers: ${JSON.stringify(rest.subarray(0, 200).toString('latin1'))}`,
      );
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*$/.exec(statusLine ?? '');
    if (!match) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
      headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const status = Number(match[1]);
    rest = rest.subarray(end + 4);
    const length = headers.get('content-length');
    let size: number;
    if (head || status === 204 || status === 304) size = 0;
    else if (length !== undefined) size = Number(length);
    else if (headers.get('transfer-encoding') === undefined) size = rest.length;
    else throw new Error('a chunked answer: the mock sends Content-Length');
    if (rest.length < size)
      throw new Error(`${status}: body of ${rest.length} bytes, Content-Length ${size}`);
    answers.push({ status, headers, body: rest.subarray(0, size) });
    rest = rest.subarray(size);
  }
  return answers;
}

/** Writes `bytes`, half-closes, and collects everything until the server closes the socket. */
function exchange(port: number, bytes: Buffer): Promise<{ data: Buffer; error?: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open 10 s after the request ended'));
    }, 10_000);
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close while we still write (it answered early): a reset is then expected.
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), ...(error ? { error } : {}) });
    });
    socket.write(bytes, () => socket.end());
  });
}

const RAW_METHODS = [
  ...METHODS,
  'TRACE',
  'CONNECT',
  'get',
  'post',
  'M-SEARCH',
  'PROPFIND',
  'FOO',
  'G\u00e9T',
  '',
];
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe0, 0xa4]);

const rawCallArb = fc.record({
  target: fc.oneof(
    { weight: 8, arbitrary: routeAndMethod(RAW_METHODS) },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constantFrom('GET', 'POST', 'CONNECT', 'OPTIONS'),
        route: fc.constantFrom(
          '*',
          'http://evil.example/contacts',
          '127.0.0.1:80',
          'contacts',
          '//contacts',
          `/${'a'.repeat(20_000)}`,
          '/contacts#frag',
          '/contacts\u0000',
        ),
      }),
    },
  ),
  query: queryArb,
  rawQueryBytes: mostly(false, true),
  version: mostly('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', '', 'HTTP/9.9', 'http/1.1'),
  key: keyArb,
  duplicateKey: mostly(false, true),
  contentType: mostly<string | null>('application/json', null, ...CONTENT_TYPES),
  oddHeaders: fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.constantFrom(
          `x-big: ${'b'.repeat(14_000)}`,
          `x-huge: ${'h'.repeat(70_000)}`,
          'no colon here',
          'x-bad\u0000: 1',
          ' folded: continuation',
          'content-length: 5',
          'content-length: abc',
          'transfer-encoding: gzip, chunked',
          'expect: 100-continue',
          'host: rebound.example',
          'connection: keep-alive',
          'x-api-key: rex_test_a, rex_test_b',
          ...PROTO_NAMES.map((n) => `${n}: ${n}`),
          ...PROTO_NAMES.map((n) => `x-api-key: ${n}`),
        ),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
  manyHeaders: mostly(0, 100, 1500, 2500),
  invalidUtf8: mostly('none', 'header', 'body', 'path'),
  framing: mostly('length', 'chunked', 'bad-chunked', 'short', 'long', 'none', 'both'),
  body: fc.option(hostileBody),
});
type RawCall = typeof rawCallArb extends fc.Arbitrary<infer T> ? T : never;

function rawRequest(call: RawCall): Buffer {
  const target = `${call.target.route}${call.query ? `?${call.query}` : ''}`;
  const lines = [
    `${call.target.method} ${target}${call.version ? ` ${call.version}` : ''}`,
    'host: 127.0.0.1',
    'connection: close',
  ];
  if (call.key !== null) lines.push(`x-api-key: ${call.key}`);
  if (call.duplicateKey) lines.push('x-api-key: rex_test_b');
  if (call.contentType !== null) lines.push(`content-type: ${call.contentType}`);
  lines.push(...call.oddHeaders);
  for (let i = 0; i < call.manyHeaders; i++) lines.push(`x-h${i}: ${i}`);
  let body = Buffer.from(call.body ?? '');
  if (call.invalidUtf8 === 'body')
    body = Buffer.concat([body.subarray(0, 1), INVALID_UTF8, body.subarray(1)]);
  let framed = body;
  if (call.framing === 'length' && body.length > 0) lines.push(`content-length: ${body.length}`);
  if (call.framing === 'short') lines.push(`content-length: ${Math.max(0, body.length - 3)}`);
  if (call.framing === 'long') lines.push(`content-length: ${body.length + 10}`);
  if (call.framing === 'both') lines.push(`content-length: ${body.length}`, 'transfer-encoding: chunked');
  if (call.framing === 'chunked' || call.framing === 'both') {
    lines.push('transfer-encoding: chunked');
    framed = Buffer.concat([
      latin1(`${body.length.toString(16)}\r\n`),
      body,
      latin1(body.length ? '\r\n0\r\n\r\n' : '\r\n'),
    ]);
  }
  if (call.framing === 'bad-chunked') {
    lines.push('transfer-encoding: chunked');
    framed = Buffer.concat([latin1('zz\r\n'), body, latin1('\r\n')]);
  }
  let head = latin1(`${lines.join('\r\n')}\r\n\r\n`);
  if (call.invalidUtf8 === 'header')
    head = Buffer.concat([
      latin1(`${lines[0]}\r\nx-utf: `),
      INVALID_UTF8,
      latin1('\r\n'),
      head.subarray(lines[0]!.length + 2),
    ]);
  if (call.invalidUtf8 === 'path') {
    const space = head.indexOf(' ');
    head = Buffer.concat([head.subarray(0, space + 2), INVALID_UTF8, head.subarray(space + 2)]);
  }
  if (call.rawQueryBytes) {
    const space = head.indexOf(' HTTP/');
    if (space > 0)
      head = Buffer.concat([
        head.subarray(0, space),
        latin1('?\u00ff=\u00e9&a[b][c]=1&a=%'),
        head.subarray(space),
      ]);
  }
  return Buffer.concat([head, framed]);
}

describe('hostile requests over a socket', () => {
  let server: RunningRexServer;
  let port = 0;
  beforeAll(async () => {
    server = await startRexServer({ ...mockOptions(), port: 0 });
    port = Number(new URL(server.url).port);
    seedRecords(server.mock);
  });
  afterAll(() => server.close());

  it('answers well-formed HTTP/1.1 or closes, never a 5xx, and a refused request changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(rawCallArb, async (call) => {
        const bytes = rawRequest(call);
        const label = JSON.stringify(bytes.subarray(0, 300).toString('latin1'));
        const before = server.mock.snapshot();
        const { data, error } = await exchange(port, bytes);
        const answers = parseAnswers(data, call.target.method.toUpperCase() === 'HEAD');
        for (const answer of answers) {
          // Node's parser answers what it cannot parse itself (400, 431) without reaching the mock.
          count(answer.headers.has('x-request-id') ? 'http' : 'http(node)', answer.status);
          if (answer.status >= 500)
            throw new Error(`${label}: ${answer.status} ${answer.body.toString().slice(0, 300)}`);
          if (answer.headers.get('content-type')?.startsWith('application/json') && answer.body.length > 0) {
            JSON.parse(answer.body.toString());
          }
        }
        if (answers.length === 0) {
          // No answer at all is allowed only as a clean close (FIN), never a reset.
          if (error) throw new Error(`${label}: no answer, and the connection was reset (${error})`);
          count('http', 'closed');
        }
        const first = answers[0]?.status ?? null;
        checkStore(server.mock, before, label, first, call.target.method);
      }),
      fcOptions(),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still up: an ordinary request after all of that is answered.
    const res = await fetch(`${server.url}/contacts`, { headers: { 'x-api-key': KEY_A } });
    expect(res.status).toBe(200);
  }, 120_000);

  it('answers CONNECT like any method it does not serve (Node drops it unanswered by default)', async () => {
    const before = server.mock.snapshot();
    const { data, error } = await exchange(
      port,
      latin1(`CONNECT /contacts HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${KEY_A}\r\n\r\n`),
    );
    expect(error).toBeUndefined();
    const [answer] = parseAnswers(data, false);
    expect(answer?.status).toBe(405);
    expect(answer?.headers.get('allow')).toContain('GET');
    expect(JSON.parse(answer!.body.toString())).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect(server.mock.snapshot()).toEqual(before);
  });

  it('answers a cursor Rex did not issue with 400, even on a webhook with no delivery yet', async () => {
    const key = { 'x-api-key': KEY_A, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/webhooks`, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };
    const before = server.mock.snapshot();
    const res = await fetch(`${server.url}/webhooks/${data.id}/deliveries?cursor=not-a-cursor`, {
      headers: key,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_error', param: 'cursor' } });
    expect(server.mock.snapshot()).toEqual(before);
  });
});

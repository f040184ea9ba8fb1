import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, HttpResponse, http, passthrough } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  InternalServerError,
  RateLimitError,
  Rex,
  RexConnectionError,
  RexTimeoutError,
} from '../index.js';
import { BASE, CONTACT_ID, client, contact, rexError, useServer } from './helpers.js';

const { server, seen, delays } = useServer();

/** Answers the first `failures` requests with `fail()`, then with `succeed()`. */
const flaky = (failures: number, fail: () => Response, succeed: () => Response) => {
  let count = 0;
  return () => (count++ < failures ? fail() : succeed());
};

const unavailable = () => HttpResponse.json(rexError('internal_error', 'Try again'), { status: 503 });
const tooMany = (seconds: string) =>
  HttpResponse.json(rexError('rate_limit_exceeded', 'Slow down'), {
    status: 429,
    headers: { 'retry-after': seconds },
  });
const created = () => HttpResponse.json({ data: contact() }, { status: 201 });

describe('retries', () => {
  it('retries a GET after two 503s and resolves', async () => {
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(2, unavailable, () => HttpResponse.json({ data: contact() })),
      ),
    );
    const fetched = await client().contacts.get(CONTACT_ID);
    expect(fetched.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(3);
  });

  it('backs off exponentially with jitter, from 0.5 s', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    await expect(client({ maxRetries: 3 }).contacts.get(CONTACT_ID)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(seen).toHaveLength(4);
    const [first, second, third] = delays;
    expect(first).toBeGreaterThanOrEqual(250);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(500);
    expect(second).toBeLessThanOrEqual(1000);
    expect(third).toBeGreaterThanOrEqual(1000);
    expect(third).toBeLessThanOrEqual(2000);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    await expect(client({ maxRetries: 1 }).contacts.get(CONTACT_ID)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(seen).toHaveLength(2);
  });

  it('takes maxRetries per call over the client option', async () => {
    server.use(http.get(`${BASE}/contacts`, unavailable));
    await expect(client().contacts.list({ stage: 'lead' }, { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(seen).toHaveLength(1);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(
          1,
          () => tooMany('3'),
          () => HttpResponse.json({ data: contact() }),
        ),
      ),
    );
    await client().contacts.get(CONTACT_ID);
    expect(delays).toEqual([3000]);
    expect(seen).toHaveLength(2);
  });

  it('throws RateLimitError when 429s outlast maxRetries', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, () => tooMany('1')));
    const error = await client({ maxRetries: 2 })
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(1);
    expect(delays).toEqual([1000, 1000]);
    expect(seen).toHaveLength(3);
  });

  it('caps Retry-After at 60 s', async () => {
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(
          1,
          () => tooMany('3600'),
          () => HttpResponse.json({ data: contact() }),
        ),
      ),
    );
    await client().contacts.get(CONTACT_ID);
    expect(delays).toEqual([60_000]);
  });

  it('never retries other 4xx', async () => {
    server.use(
      http.patch(`${BASE}/contacts/:id`, () =>
        HttpResponse.json(rexError('conflict', 'Taken'), { status: 409 }),
      ),
    );
    await expect(client().contacts.update(CONTACT_ID, { email: 'b@example.com' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(seen).toHaveLength(1);
  });

  it('does not retry a create after a 500: the contact may exist', async () => {
    server.use(
      http.post(`${BASE}/contacts`, () =>
        HttpResponse.json(rexError('internal_error', 'Oops'), { status: 500 }),
      ),
    );
    await expect(client().contacts.create({ email: 'ada@example.com' })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(seen).toHaveLength(1);
  });

  it('does not retry a company create or a merge after a 503', async () => {
    server.use(http.post(`${BASE}/companies`, unavailable), http.post(`${BASE}/contacts/merge`, unavailable));
    const rex = client();
    await expect(rex.companies.create({ name: 'Acme' })).rejects.toBeInstanceOf(InternalServerError);
    await expect(
      rex.contacts.merge({ primary_id: CONTACT_ID, duplicate_ids: ['cont_x'] }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(2);
  });

  it('retries a create after a 429: Rex did not process it', async () => {
    server.use(
      http.post(
        `${BASE}/contacts`,
        flaky(1, () => tooMany('0'), created),
      ),
    );
    const made = await client().contacts.create({ email: 'ada@example.com' });
    expect(made.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(2);
    expect(delays).toEqual([0]);
  });

  it('retries an upsert, an update, a delete and a capture after a 500', async () => {
    const fail = () => HttpResponse.json(rexError('internal_error', 'Oops'), { status: 500 });
    server.use(
      http.post(
        `${BASE}/contacts/upsert`,
        flaky(1, fail, () => HttpResponse.json({ data: contact() })),
      ),
      http.patch(
        `${BASE}/contacts/:id`,
        flaky(1, fail, () => HttpResponse.json({ data: contact() })),
      ),
      http.delete(
        `${BASE}/contacts/:id`,
        flaky(1, fail, () => HttpResponse.json({ data: { id: CONTACT_ID, deleted: true } })),
      ),
      http.post(`${BASE}/capture`, flaky(1, fail, created)),
    );
    const rex = client();
    expect((await rex.contacts.upsert({ email: 'ada@example.com' })).created).toBe(false);
    await rex.contacts.update(CONTACT_ID, { stage: 'prospect' });
    expect(await rex.contacts.delete(CONTACT_ID)).toEqual({ id: CONTACT_ID, deleted: true });
    await rex.capture({ email: 'ada@example.com' });
    expect(seen).toHaveLength(8);
  });

  it('retries a GET after a network error, then throws RexConnectionError', async () => {
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(
          1,
          () => HttpResponse.error(),
          () => HttpResponse.json({ data: contact() }),
        ),
      ),
    );
    await client().contacts.get(CONTACT_ID);
    expect(seen).toHaveLength(2);

    server.use(http.get(`${BASE}/contacts/:id`, () => HttpResponse.error()));
    const error = await client({ maxRetries: 1 })
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RexConnectionError);
    expect((error as Error).message).toBe(`Connection failed: GET /contacts/${CONTACT_ID}`);
  });

  it('does not retry a create after a dropped connection, but does when it was refused', async () => {
    server.use(http.post(`${BASE}/contacts`, () => HttpResponse.error()));
    await expect(client().contacts.create({ email: 'ada@example.com' })).rejects.toBeInstanceOf(
      RexConnectionError,
    );
    expect(seen).toHaveLength(1);

    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValueOnce(refused)
      .mockResolvedValueOnce(created());
    const made = await client({ fetch }).contacts.create({ email: 'ada@example.com' });
    expect(made.id).toBe(CONTACT_ID);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('timeouts', () => {
  const slow = async () => {
    await delay(1000);
    return HttpResponse.json({ data: contact() }, { status: 201 });
  };

  it('fails an attempt that takes longer than timeout with RexTimeoutError, and retries a GET', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, slow));
    const error = await client({ timeout: 20, maxRetries: 1 })
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RexTimeoutError);
    expect((error as Error).message).toBe(`Timed out after 20 ms: GET /contacts/${CONTACT_ID}`);
    expect(seen).toHaveLength(2);
  });

  it('counts the timeout per attempt, not for the whole call', async () => {
    const late = async (status: number) => {
      await delay(250);
      return HttpResponse.json(status === 200 ? { data: contact() } : rexError('internal_error', 'x'), {
        status,
      });
    };
    let count = 0;
    server.use(http.get(`${BASE}/contacts/:id`, () => late(count++ === 0 ? 503 : 200)));
    const fetched = await client({ timeout: 450 }).contacts.get(CONTACT_ID);
    expect(fetched.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(2);
  });

  it('takes timeout per call over the client option', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, slow));
    await expect(
      client({ timeout: 60_000, maxRetries: 0 }).contacts.get(CONTACT_ID, undefined, { timeout: 10 }),
    ).rejects.toBeInstanceOf(RexTimeoutError);
  });

  it('times out an answer whose body stalls, since the timeout covers the body too', async () => {
    // A real socket: the headers and half the JSON arrive, then nothing.
    let requests = 0;
    const stalling = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data":');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const { port } = stalling.address() as AddressInfo;
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    try {
      const stalled = new Rex({
        apiKey: 'rex_test_x',
        baseUrl: `http://127.0.0.1:${port}`,
        timeout: 100,
        maxRetries: 1,
      });
      const error = await stalled.contacts.get(CONTACT_ID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RexTimeoutError);
      expect(requests).toBe(2);
    } finally {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it('does not retry a create after a timeout', async () => {
    server.use(http.post(`${BASE}/contacts`, slow));
    await expect(
      client({ timeout: 20 }).contacts.create({ email: 'ada@example.com' }),
    ).rejects.toBeInstanceOf(RexTimeoutError);
    expect(seen).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('rejects with the abort reason at once, without retrying', async () => {
    server.use(
      http.get(`${BASE}/contacts/:id`, async () => {
        await delay(5000);
        return HttpResponse.json({ data: contact() });
      }),
    );
    const controller = new AbortController();
    const started = Date.now();
    const call = client().contacts.get(CONTACT_ID, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await call.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });

  it('stops waiting between retries when aborted', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    const controller = new AbortController();
    const reason = new Error('user left');
    const { timing } = await import('../internal/request.js');
    timing.sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
        controller.abort(reason);
      });
    await expect(client().contacts.get(CONTACT_ID, undefined, { signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(seen).toHaveLength(1);
  });

  it('does not send a call whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      client().contacts.get(CONTACT_ID, undefined, { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(seen).toHaveLength(0);
  });
});

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
import {
  BASE,
  CONTACT_ID,
  client,
  contact,
  recordLog,
  rexError,
  settle,
  useFakeClock,
  useServer,
} from './helpers.js';

const { server, seen } = useServer();

/** Answers the first `failures` requests with `fail()`, then with `succeed()`. */
const flaky = (failures: number, fail: () => Response, succeed: () => Response) => {
  let count = 0;
  return () => (count++ < failures ? fail() : succeed());
};

// Rex sends the rate-limit headers on every response; ky reads X-RateLimit-Reset as a wait when
// Retry-After is missing, so the fixtures carry one 20 s ahead, as Rex would.
const rateHeaders = () => ({
  'x-ratelimit-limit': '1000',
  'x-ratelimit-remaining': '998',
  'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 20),
});
const unavailable = () =>
  HttpResponse.json(rexError('internal_error', 'Try again'), { status: 503, headers: rateHeaders() });
const tooMany = (retryAfter: string) =>
  HttpResponse.json(rexError('rate_limit_exceeded', 'Slow down'), {
    status: 429,
    headers: { ...rateHeaders(), 'retry-after': retryAfter },
  });
const found = () => HttpResponse.json({ data: contact() });
const created = () => HttpResponse.json({ data: contact() }, { status: 201 });

describe('retries', () => {
  it('retries a GET after two 503s and resolves', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, flaky(2, unavailable, found)));
    const { value } = await settle(client().contacts.get(CONTACT_ID));
    expect(value?.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(3);
  });

  it('backs off exponentially with full jitter from 0.3 s, and waits what it announces', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    const { logger, waits } = recordLog();
    const { error, elapsed } = await settle(
      client({ maxRetries: 3, logger, logLevel: 'info' }).contacts.get(CONTACT_ID),
      10,
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(4);
    const [first, second, third] = waits();
    expect(waits()).toHaveLength(3);
    expect(first).toBeLessThanOrEqual(300);
    expect(second).toBeLessThanOrEqual(600);
    expect(third).toBeLessThanOrEqual(1200);
    const announced = waits().reduce((a, b) => a + b, 0);
    expect(elapsed).toBeGreaterThanOrEqual(announced - 3);
    expect(elapsed).toBeLessThanOrEqual(announced + 40);
  });

  it('never waits longer than 8 s between attempts without Retry-After', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    const { logger, waits } = recordLog();
    await settle(client({ maxRetries: 8, logger, logLevel: 'info' }).contacts.get(CONTACT_ID), 500);
    expect(waits()).toHaveLength(8);
    for (const wait of waits()) expect(wait).toBeLessThanOrEqual(8000);
  });

  it('does not wait for X-RateLimit-Reset on a 503 without Retry-After', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, flaky(1, unavailable, found)));
    const { value, elapsed } = await settle(client().contacts.get(CONTACT_ID), 10);
    expect(value?.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(2);
    // Backoff before the first retry is at most 0.3 s; the rate-limit window ends in 20 s.
    expect(elapsed).toBeLessThanOrEqual(350);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, unavailable));
    const { error } = await settle(client({ maxRetries: 1 }).contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(2);
  });

  it('takes maxRetries per call over the client option', async () => {
    server.use(http.get(`${BASE}/contacts`, unavailable));
    await expect(client().contacts.list({ stage: 'lead' }, { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(seen).toHaveLength(1);
  });

  it('waits about as long as Retry-After says on a 429', async () => {
    useFakeClock();
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(1, () => tooMany('1'), found),
      ),
    );
    const call = client().contacts.get(CONTACT_ID);
    await vi.advanceTimersByTimeAsync(950);
    expect(seen).toHaveLength(1);
    const { value, elapsed } = await settle(call, 10);
    expect(value?.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(2);
    expect(950 + elapsed).toBeGreaterThanOrEqual(1000);
    expect(950 + elapsed).toBeLessThanOrEqual(1100);
  });

  it('honours Retry-After on a 503 too', async () => {
    useFakeClock();
    const later = () =>
      HttpResponse.json(rexError('internal_error', 'Maintenance'), {
        status: 503,
        headers: { ...rateHeaders(), 'retry-after': '3' },
      });
    server.use(http.get(`${BASE}/contacts/:id`, flaky(1, later, found)));
    const { elapsed } = await settle(client().contacts.get(CONTACT_ID), 20);
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThanOrEqual(3100);
  });

  it('throws RateLimitError with retryAfter when 429s outlast maxRetries', async () => {
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, () => tooMany('1')));
    const { error, elapsed } = await settle(client({ maxRetries: 2 }).contacts.get(CONTACT_ID), 20);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(1);
    expect(seen).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThanOrEqual(2200);
  });

  it('caps Retry-After at 60 s, and an unreadable one waits the cap rather than forever', async () => {
    useFakeClock();
    for (const retryAfter of ['3600', 'soon']) {
      server.use(
        http.get(
          `${BASE}/contacts/:id`,
          flaky(1, () => tooMany(retryAfter), found),
        ),
      );
      const { value, elapsed } = await settle(client().contacts.get(CONTACT_ID), 1000);
      expect(value?.id).toBe(CONTACT_ID);
      expect(elapsed).toBeGreaterThanOrEqual(60_000);
      expect(elapsed).toBeLessThanOrEqual(61_000);
    }
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
  });

  it('retries an upsert, an update, a delete and a capture after a 500', async () => {
    useFakeClock();
    const fail = () => HttpResponse.json(rexError('internal_error', 'Oops'), { status: 500 });
    server.use(
      http.post(`${BASE}/contacts/upsert`, flaky(1, fail, found)),
      http.patch(`${BASE}/contacts/:id`, flaky(1, fail, found)),
      http.delete(
        `${BASE}/contacts/:id`,
        flaky(1, fail, () => HttpResponse.json({ data: { id: CONTACT_ID, deleted: true } })),
      ),
      http.post(`${BASE}/capture`, flaky(1, fail, created)),
    );
    const rex = client();
    expect((await settle(rex.contacts.upsert({ email: 'ada@example.com' }))).value?.created).toBe(false);
    expect((await settle(rex.contacts.update(CONTACT_ID, { stage: 'prospect' }))).value?.id).toBe(CONTACT_ID);
    expect((await settle(rex.contacts.delete(CONTACT_ID))).value).toEqual({ id: CONTACT_ID, deleted: true });
    expect((await settle(rex.capture({ email: 'ada@example.com' }))).value?.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(8);
  });

  it('retries a GET after a network error, then throws RexConnectionError naming the URL', async () => {
    useFakeClock();
    server.use(
      http.get(
        `${BASE}/contacts/:id`,
        flaky(1, () => HttpResponse.error(), found),
      ),
    );
    expect((await settle(client().contacts.get(CONTACT_ID))).value?.id).toBe(CONTACT_ID);
    expect(seen).toHaveLength(2);

    server.use(http.get(`${BASE}/contacts/:id`, () => HttpResponse.error()));
    const { error } = await settle(client({ maxRetries: 1 }).contacts.get(CONTACT_ID));
    expect(error).toBeInstanceOf(RexConnectionError);
    expect((error as Error).message).toBe(`Connection failed: GET ${BASE}/contacts/${CONTACT_ID}`);
    expect((error as RexConnectionError).code).toBeUndefined();
  });

  it('does not retry a create after a dropped connection, but does when it was refused', async () => {
    server.use(http.post(`${BASE}/contacts`, () => HttpResponse.error()));
    await expect(client().contacts.create({ email: 'ada@example.com' })).rejects.toBeInstanceOf(
      RexConnectionError,
    );
    expect(seen).toHaveLength(1);

    useFakeClock();
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValueOnce(refused)
      .mockResolvedValueOnce(created());
    const { value } = await settle(client({ fetch }).contacts.create({ email: 'ada@example.com' }));
    expect(value?.id).toBe(CONTACT_ID);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('timeouts', () => {
  const slow = async () => {
    await delay(1000);
    return HttpResponse.json({ data: contact() }, { status: 201 });
  };

  it('fails an attempt that takes longer than timeout with RexTimeoutError naming the URL, and retries a GET', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, slow));
    const error = await client({ timeout: 20, maxRetries: 1 })
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RexTimeoutError);
    expect((error as Error).message).toBe(`Timed out after 20 ms: GET ${BASE}/contacts/${CONTACT_ID}`);
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
    useFakeClock();
    server.use(http.get(`${BASE}/contacts/:id`, () => tooMany('30')));
    const controller = new AbortController();
    const reason = new Error('user left');
    const { logger, lines } = recordLog();
    const call = client({ logger, logLevel: 'info' }).contacts.get(CONTACT_ID, undefined, {
      signal: controller.signal,
    });
    const outcome = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(lines).toEqual([
      `info [rex] GET ${BASE}/contacts/${CONTACT_ID}: 429; retry 1 of 2 after Retry-After: 30 (at most 60 s)`,
    ]);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
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

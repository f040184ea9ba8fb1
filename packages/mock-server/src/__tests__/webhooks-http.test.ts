/**
 * Webhooks over real HTTP (SPEC §8): `startRexServer` delivers with a real `fetch` to a real
 * `node:http` receiver on 127.0.0.1, and a test in another process could drive it all through
 * the API and `POST /__rex/webhooks/drain`. No MSW in this file.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningRexServer, startRexServer } from '@rex/mock-server/node';
import { verifyWebhookSignature } from '@rex/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** The status the receiver answers its nth request with (0-based). */
let status: (n: number) => number = () => 200;
let rex: RunningRexServer;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const n = received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') }) - 1;
      res.writeHead(status(n)).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rex`;
  rex = await startRexServer({ webhooks: { timeScale: 0.001 } });
});
afterEach(async () => {
  received = [];
  status = () => 200;
  await client(rex.url)('POST', '/__rex/reset', {});
});
afterAll(async () => {
  await rex.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const drain = async () => {
  const res = await client(rex.url)('POST', '/__rex/webhooks/drain', {});
  expect(res.body).toEqual({ data: { drained: true, pending: 0 } });
};

describe('webhooks from startRexServer', () => {
  it('delivers a signed contact.created to a real local receiver', async () => {
    const api = client(rex.url, 'rex_test_http');
    const { body } = await api('POST', '/webhooks', { url: receiverUrl, events: ['contact.created'] });
    const ada = (await api('POST', '/contacts', { email: 'ada@example.com' })).body.data;
    await drain();
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(JSON.parse(delivery.raw)).toEqual({
      event: 'contact.created',
      timestamp: ada.created_at,
      data: ada,
    });
    const signature = delivery.headers['x-rex-signature'] as string;
    expect(await verifyWebhookSignature(delivery.raw, signature, body.secret)).toBe(true);
    const [event] = (await api('GET', '/events')).body.data;
    expect(delivery.headers['x-rex-event-id']).toBe(event.id);
  });

  it('retries a receiver that fails twice, then succeeds', async () => {
    status = (n) => (n < 2 ? 502 : 200);
    const api = client(rex.url, 'rex_test_http');
    const { body } = await api('POST', '/webhooks', { url: receiverUrl });
    await api('POST', '/companies', { name: 'Acme' });
    await drain();
    expect(received).toHaveLength(3);
    const [delivery] = (await api('GET', `/webhooks/${body.data.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, response_status: 200 });
  });

  it('records a receiver that refuses connections as failed attempts with the reason', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const api = client(rex.url, 'rex_test_http');
    const { body } = await api('POST', '/webhooks', { url: `http://127.0.0.1:${port}/gone` });
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await drain();
    const [delivery] = (await api('GET', `/webhooks/${body.data.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 6, response_status: null });
    expect(delivery.last_error).toMatch(/^Request failed: .*ECONNREFUSED/);
    expect((await api('GET', `/webhooks/${body.data.id}`)).body.data.failure_count).toBe(1);
  });
});

/**
 * `pnpm start`: a real webhook receiver. A local mock Rex (`startRexServer`, plain HTTP on
 * 127.0.0.1) delivers signed webhooks to a `node:http` server on 127.0.0.1: subscribe with
 * `rex.webhooks.create`, capture a lead with `rex.capture`, and verify the `contact.created`
 * delivery with `constructWebhookEvent`. It checks its own results and exits non-zero when one
 * is wrong.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRexServer } from '@rex/mock-server/node';
import { constructWebhookEvent, isWebhookEvent, Rex, type WebhookEvent } from '@rex/sdk';

let failures = 0;
function check(label: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`  ${ok ? '✓' : '✗'} ${label}${detail && `: ${detail}`}`);
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

// The receiver: verifies each delivery with the subscription's secret, answers 204 (or 400 when
// verification fails, so Rex would retry), and keeps what it verified.
let secret = '';
const verified: WebhookEvent[] = [];
const refused: string[] = [];
let arrived: () => void = () => {};
const firstDelivery = new Promise<void>((resolve) => {
  arrived = resolve;
});
const receiver = createServer(async (request, response) => {
  try {
    // The raw body, exactly as received: the signature covers these bytes.
    const body = await readBody(request);
    const event = await constructWebhookEvent(body, request.headers['x-rex-signature'] as string, secret);
    verified.push(event);
    response.writeHead(204).end();
  } catch (error) {
    refused.push((error as Error).message);
    response.writeHead(400).end();
  } finally {
    arrived();
  }
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rex`;
console.log(`Webhook receiver listening on ${receiverUrl}`);

// `rex_test_default` reads the org `default`, where keyless captures go.
const server = await startRexServer({ port: 0 });
console.log(`Mock Rex API listening on ${server.url}`);
const timeout = setTimeout(() => {
  console.error('✗ no delivery within 10 s');
  process.exit(1);
}, 10_000);

try {
  const rex = new Rex({ apiKey: 'rex_test_default', baseUrl: server.url });

  console.log('\n1. Subscribe the receiver to contact.created');
  const subscription = await rex.webhooks.create({
    url: receiverUrl,
    name: 'Example receiver',
    event_types: ['contact.created'],
  });
  secret = subscription.secret;
  check('the subscription is active', subscription.data.status === 'active', subscription.data.id);
  check('the signing secret comes beside data', secret.startsWith('whsec_'));

  console.log('\n2. Capture a lead from a public form (no API key)');
  const lead = await new Rex({ baseUrl: server.url }).capture({
    email: 'Ada@Example.com',
    first_name: 'Ada',
  });
  check('captured', lead.id.startsWith('cont_'), lead.id);

  console.log('\n3. The delivery arrives signed and verifies');
  await firstDelivery;
  check('no delivery refused', refused.length === 0, refused.join('; '));
  const event = verified[0];
  check('one verified delivery', verified.length === 1 && event !== undefined);
  if (event && isWebhookEvent(event, 'contact.created')) {
    check('it is {event, timestamp, data}', typeof event.timestamp === 'string', event.timestamp);
    check(
      'its data is the captured contact',
      event.data.id === lead.id && event.data.email === 'ada@example.com',
    );
  } else {
    check('it is a contact.created', false, event?.event);
  }

  console.log('\n4. Rex records the delivery as succeeded');
  let status = '';
  for (let i = 0; i < 50 && status !== 'succeeded'; i++) {
    const deliveries = await rex.webhooks.listDeliveries(subscription.data.id);
    status = deliveries.data[0]?.status ?? '';
    if (status !== 'succeeded') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  check('delivery status', status === 'succeeded', status);

  await rex.webhooks.delete(subscription.data.id);
} catch (error) {
  failures++;
  console.error('✗', error);
} finally {
  clearTimeout(timeout);
  await server.close();
  await new Promise((resolve) => receiver.close(resolve));
}

console.log(failures === 0 ? '\nAll checks passed.' : `\n${failures} check(s) failed.`);
process.exitCode = failures === 0 ? 0 : 1;

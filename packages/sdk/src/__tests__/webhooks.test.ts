import { createHmac } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Contact,
  constructWebhookEvent,
  type Deal,
  type DeletedRecord,
  type EventType,
  isWebhookEvent,
  type KnownWebhookEvent,
  RexError,
  signWebhookPayload,
  verifyWebhookSignature,
  type WebhookEvent,
  type WebhookPingData,
  WebhookVerificationError,
} from '../index.js';
import { contact } from './helpers.js';

const SECRET = 'whsec_test_secret';
const NOW = 1_773_662_400; // 2026-03-16T12:00:00Z
// Rex's delivery shape [Rex: webhooks concept page]: `{event, timestamp, data}`, as the mock sends it.
const payload = JSON.stringify({
  event: 'contact.created',
  timestamp: '2026-03-16T12:00:00.000Z',
  data: contact(),
});

// An independent signer (node:crypto) so the tests do not only check the SDK against itself.
const sign = (body: string, t: number, secret = SECRET) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('verifyWebhookSignature', () => {
  it('accepts a valid signature', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(true);
  });

  it('accepts the payload as bytes, and now as a Date or milliseconds', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    const bytes = new TextEncoder().encode(payload);
    expect(await verifyWebhookSignature(bytes, header, SECRET, { now: new Date(NOW * 1000) })).toBe(true);
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW * 1000 + 999 })).toBe(true);
  });

  it('rejects a tampered payload', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    expect(await verifyWebhookSignature(payload.replace('Ada', 'Eve'), header, SECRET, { now: NOW })).toBe(
      false,
    );
  });

  it('rejects a signature made with another secret', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW, 'whsec_other')}`;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(false);
  });

  it('rejects a timestamp changed after signing', async () => {
    const header = `t=${NOW + 1},v1=${sign(payload, NOW)}`;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(false);
  });

  it('rejects stale and future timestamps beyond the tolerance', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW + 300 })).toBe(true);
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW + 301 })).toBe(false);
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW - 301 })).toBe(false);
    expect(
      await verifyWebhookSignature(payload, header, SECRET, { now: NOW + 3600, toleranceSeconds: 3600 }),
    ).toBe(true);
  });

  it('accepts any of several v1 signatures, as during a secret rotation', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW, 'whsec_old')},v1=${sign(payload, NOW)}`;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(true);
    expect(await verifyWebhookSignature(payload, header, 'whsec_old', { now: NOW })).toBe(true);
    expect(await verifyWebhookSignature(payload, header, 'whsec_third', { now: NOW })).toBe(false);
  });

  it('tolerates spaces, upper-case hex and unknown schemes in the header', async () => {
    const header = ` t=${NOW} , v0=abc , v1=${sign(payload, NOW).toUpperCase()} `;
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['a null header', null],
    ['an empty header', ''],
    ['a header without a timestamp', `v1=${sign(payload, NOW)}`],
    ['a header without v1', `t=${NOW}`],
    ['a non-numeric timestamp', `t=soon,v1=${sign(payload, NOW)}`],
    ['garbage', 'not a signature'],
    ['a truncated signature', `t=${NOW},v1=${sign(payload, NOW).slice(0, 10)}`],
  ])('rejects %s', async (_, header) => {
    expect(await verifyWebhookSignature(payload, header, SECRET, { now: NOW })).toBe(false);
  });

  it('rejects everything when the secret is empty', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW, '')}`;
    expect(await verifyWebhookSignature(payload, header, '', { now: NOW })).toBe(false);
  });
});

describe('constructWebhookEvent', () => {
  it('returns the delivery {event, timestamp, data} when the signature checks out', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    const event = await constructWebhookEvent(payload, header, SECRET, { now: NOW });
    expect(event).toEqual({
      event: 'contact.created',
      timestamp: '2026-03-16T12:00:00.000Z',
      data: contact(),
    });
    expect(isWebhookEvent(event, 'contact.created')).toBe(true);
    if (!isWebhookEvent(event, 'contact.created')) throw new Error('not narrowed');
    expectTypeOf(event.data).toEqualTypeOf<Contact>();
    expect(event.data.email).toBe('ada@example.com');
  });

  it('parses a ping, a deal.stage_changed and a type added later', async () => {
    const bodies = [
      {
        event: 'ping',
        timestamp: '2026-03-16T12:00:00.000Z',
        data: { webhook_id: 'whk_01h455vb4pex5vsknk084sn02q' },
      },
      {
        event: 'deal.stage_changed',
        timestamp: '2026-03-16T12:00:00.000Z',
        data: { deal_id: 'deal_1', from_stage_id: 'stg_1', to_stage_id: 'stg_2' },
      },
      { event: 'invoice.paid', timestamp: '2026-03-16T12:00:00.000Z', data: { id: 'inv_1' } },
    ];
    const [ping, moved, later] = await Promise.all(
      bodies.map((body) => {
        const raw = JSON.stringify(body);
        return constructWebhookEvent(raw, `t=${NOW},v1=${sign(raw, NOW)}`, SECRET, { now: NOW });
      }),
    );
    if (!ping || !isWebhookEvent(ping, 'ping')) throw new Error('expected a ping');
    expectTypeOf(ping.data).toEqualTypeOf<WebhookPingData>();
    expect(ping.data.webhook_id).toMatch(/^whk_/);
    if (!moved || !isWebhookEvent(moved, 'deal.stage_changed')) throw new Error('expected a stage change');
    expect(moved.data.to_stage_id).toBe('stg_2');
    expect(later).toEqual(bodies[2]);
    expect(later && isWebhookEvent(later, 'contact.created')).toBe(false);
  });

  it('types the delivery as a union over every event type, ping, and an open member', () => {
    expectTypeOf<KnownWebhookEvent['event']>().toEqualTypeOf<EventType | 'ping'>();
    expectTypeOf<WebhookEvent['event']>().toEqualTypeOf<EventType | 'ping' | (string & {})>();
    expectTypeOf<Extract<KnownWebhookEvent, { event: 'deal.won' }>['data']>().toEqualTypeOf<Deal>();
    expectTypeOf<
      Extract<KnownWebhookEvent, { event: 'task.deleted' }>['data']
    >().toEqualTypeOf<DeletedRecord>();
  });

  it('refuses a signed body that is JSON but not a delivery', async () => {
    const raw = JSON.stringify({ id: 'evt_1', type: 'contact.created', timestamp: 'x', data: {} });
    await expect(
      constructWebhookEvent(raw, `t=${NOW},v1=${sign(raw, NOW)}`, SECRET, { now: NOW }),
    ).rejects.toThrow(/not a Rex delivery/);
  });

  it('throws WebhookVerificationError saying why', async () => {
    const header = `t=${NOW},v1=${sign(payload, NOW)}`;
    const stale = await constructWebhookEvent(payload, header, SECRET, { now: NOW + 1000 }).catch(
      (e: unknown) => e,
    );
    expect(stale).toBeInstanceOf(WebhookVerificationError);
    expect(stale).toBeInstanceOf(RexError);
    expect((stale as Error).message).toMatch(/timestamp 1000 s off/);
    await expect(constructWebhookEvent(payload, header, 'whsec_wrong', { now: NOW })).rejects.toThrow(
      'no matching signature',
    );
    await expect(constructWebhookEvent(payload, 't=1', SECRET, { now: NOW })).rejects.toThrow('malformed');
    await expect(constructWebhookEvent(payload, undefined, SECRET)).rejects.toThrow(
      'no X-Rex-Signature header',
    );
  });

  it('throws when a correctly signed payload is not JSON', async () => {
    const header = `t=${NOW},v1=${sign('not json', NOW)}`;
    await expect(constructWebhookEvent('not json', header, SECRET, { now: NOW })).rejects.toThrow(
      WebhookVerificationError,
    );
  });
});

describe('signWebhookPayload', () => {
  it('makes the header Rex sends', async () => {
    expect(await signWebhookPayload(payload, SECRET, { timestamp: NOW })).toBe(
      `t=${NOW},v1=${sign(payload, NOW)}`,
    );
  });

  it('signs with the current time by default, so the result verifies', async () => {
    const header = await signWebhookPayload(payload, SECRET);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(await verifyWebhookSignature(payload, header, SECRET)).toBe(true);
    expect(await signWebhookPayload(payload, SECRET, { timestamp: new Date(NOW * 1000) })).toMatch(
      `t=${NOW},`,
    );
  });
});

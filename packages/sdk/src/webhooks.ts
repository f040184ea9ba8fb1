import type { Event, EventType, RexEvent, Timestamp } from '@rex/types';
import { WebhookVerificationError } from './errors.js';

/** Options of {@link verifyWebhookSignature} and {@link constructWebhookEvent}. */
export interface WebhookVerifyOptions {
  /**
   * How far, in seconds, the signed timestamp may be from `now` either way; guards against
   * replayed deliveries. `Infinity` turns the check off.
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * The current time: a `Date`, or Unix seconds (milliseconds such as `Date.now()` are
   * recognised too).
   * @default new Date()
   */
  now?: number | Date;
}

/**
 * One webhook delivery of one type, as Rex POSTs it to a subscription's URL [Rex: webhooks
 * concept page, listener guide] — `{event, timestamp, data}`, not the `/events` list item
 * (`{id, type, timestamp, data}`). The event id travels in the `X-Rex-Event-Id` header.
 */
export interface RexWebhookEvent<T extends string, D> {
  /** The event type, such as `contact.created`, or `ping`. */
  event: T;
  /** When the change happened (for a ping: when it was sent), ISO 8601 UTC. */
  timestamp: Timestamp;
  /** The record after the change; `{ id }` for a deletion; `{ webhook_id }` for a ping. */
  data: D;
}

/** The `data` of a `ping` delivery (`rex.webhooks.ping(id)`). */
export interface WebhookPingData {
  /** The subscription pinged (`whk_…`). */
  webhook_id: string;
}

/**
 * The delivery of each member of an `/events` union: the same `data`, under `event` instead of
 * `type`, without the event id (which travels in the `X-Rex-Event-Id` header).
 */
export type DeliveryOf<E> = E extends RexEvent<infer T, infer D> ? RexWebhookEvent<T, D> : never;

/** Every delivery type this version knows: each event type, and `ping`. */
export type WebhookEventType = EventType | 'ping';

/**
 * A delivery of a type this version knows: one member per event type plus `ping`, discriminated
 * by `event`.
 */
export type KnownWebhookEvent = DeliveryOf<Event> | RexWebhookEvent<'ping', WebhookPingData>;

/** A delivery of a type added to Rex after this version: passed through untyped. */
export type UnknownWebhookEvent = RexWebhookEvent<string & {}, Record<string, unknown>>;

/**
 * What {@link constructWebhookEvent} returns: a union discriminated by `event` over every event
 * type and `ping`, kept open for types Rex adds later. Because of that open member, TypeScript
 * does not narrow `data` on `event.event === '…'` alone; use {@link isWebhookEvent}.
 */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/**
 * Whether a delivery is of type `type`, narrowing it (and its `data`) to that member.
 * @example
 * const event = await constructWebhookEvent(body, header, secret);
 * if (isWebhookEvent(event, 'contact.created')) console.log(event.data.email);
 */
export function isWebhookEvent<T extends WebhookEventType>(
  event: WebhookEvent,
  type: T,
): event is Extract<KnownWebhookEvent, { event: T }> {
  return event.event === type;
}

/** Options of {@link signWebhookPayload}. */
export interface WebhookSignOptions {
  /**
   * When the payload was signed: a `Date` or Unix seconds (milliseconds are recognised too).
   * @default new Date()
   */
  timestamp?: number | Date;
}

const encoder = /* @__PURE__ */ new TextEncoder();

// Unix seconds from a Date, seconds or milliseconds. A number over 1e11 is taken as
// milliseconds: as seconds it would be the year 5138.
const unixSeconds = (time: number | Date = Date.now()): number => {
  const n = +time;
  return Math.floor(n > 1e11 ? n / 1000 : n);
};

async function hmac(payload: string | Uint8Array, secret: string, timestamp: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const prefix = encoder.encode(`${timestamp}.`);
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const data = new Uint8Array(prefix.length + body.length);
  data.set(prefix);
  data.set(body, prefix.length);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  return Array.from(mac, (byte) => (byte | 256).toString(16).slice(1)).join('');
}

// Time depends on the length only, never on where the strings first differ.
const equal = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

// Why a delivery fails verification, or undefined when it passes.
async function reject(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  { toleranceSeconds = 300, now }: WebhookVerifyOptions = {},
): Promise<string | undefined> {
  if (!secret) return 'no secret';
  if (!header) return 'no X-Rex-Signature header';
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d+$/.test(value)) timestamp = +value;
    else if (name === 'v1') signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) {
    return 'malformed X-Rex-Signature header';
  }
  const skew = Math.abs(unixSeconds(now) - timestamp);
  if (skew > toleranceSeconds) return `timestamp ${skew} s off, over the tolerance`;
  const expected = await hmac(payload, secret, timestamp);
  // Check every entry (several during a secret rotation) without stopping at the first match.
  let match = false;
  for (const signature of signatures) match = equal(signature, expected) || match;
  return match ? undefined : 'no matching signature';
}

/**
 * Checks a webhook delivery's `X-Rex-Signature` header [Rex] — `t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "{t}.{payload}">`, possibly with several `v1` entries. Uses Web Crypto, so it
 * runs in Node, browsers, Deno, Bun and edge workers.
 *
 * Pass the body exactly as received (the raw text or bytes, not re-serialised JSON).
 * @returns `true` when a `v1` signature matches and the timestamp is within tolerance
 * @example
 * const ok = await verifyWebhookSignature(await request.text(), request.headers.get('x-rex-signature'), secret);
 */
export async function verifyWebhookSignature(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options?: WebhookVerifyOptions,
): Promise<boolean> {
  return (await reject(payload, header, secret, options)) === undefined;
}

/**
 * Verifies a webhook delivery like {@link verifyWebhookSignature} and parses it into Rex's
 * delivery shape `{event, timestamp, data}`.
 * @returns the delivery; narrow it with {@link isWebhookEvent} for a typed `data`
 * @throws {WebhookVerificationError} saying why the delivery was refused: a bad signature, a
 * stale timestamp, a body that is not JSON or not `{event, timestamp, data}`
 * @example
 * const event = await constructWebhookEvent(body, request.headers.get('x-rex-signature'), secret);
 * if (isWebhookEvent(event, 'contact.created')) console.log(event.data.email);
 */
export async function constructWebhookEvent(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options?: WebhookVerifyOptions,
): Promise<WebhookEvent> {
  const reason = await reject(payload, header, secret, options);
  if (reason) throw new WebhookVerificationError(`Webhook refused: ${reason}`);
  let body: unknown;
  try {
    body = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload));
  } catch (cause) {
    throw new WebhookVerificationError('Webhook refused: payload is not JSON', { cause });
  }
  const delivery = body as Partial<Record<keyof WebhookEvent, unknown>> | null;
  if (
    delivery === null ||
    typeof delivery !== 'object' ||
    typeof delivery.event !== 'string' ||
    typeof delivery.timestamp !== 'string' ||
    delivery.data === null ||
    typeof delivery.data !== 'object'
  ) {
    throw new WebhookVerificationError(
      'Webhook refused: payload is not a Rex delivery {event, timestamp, data}',
    );
  }
  return delivery as WebhookEvent;
}

/**
 * Signs a payload the way Rex does, to test your webhook receiver.
 * @returns the `X-Rex-Signature` header value, `t=…,v1=…`
 * @example
 * const header = await signWebhookPayload(JSON.stringify(event), secret);
 */
export async function signWebhookPayload(
  payload: string | Uint8Array,
  secret: string,
  options: WebhookSignOptions = {},
): Promise<string> {
  const timestamp = unixSeconds(options.timestamp);
  return `t=${timestamp},v1=${await hmac(payload, secret, timestamp)}`;
}

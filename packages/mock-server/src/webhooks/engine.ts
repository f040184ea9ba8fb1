import { PING_EVENT, WEBHOOKS, type WebhookEventFilter, type WebhookStatus } from '@rex/types';
import { checkMetadata, type Metadata, patched, type StoredRecord } from '../engine/collection.js';
import { InvalidInput, RecordInUse } from '../engine/errors.js';
import type { EventRecord } from '../engine/events.js';
import type { ListResult, Org, Store } from '../engine/store.js';
import { RexMockError } from '../errors.js';
import { type DeliveredEvent, type Delivery, DeliveryLog, type DeliveryQuery } from './deliveries.js';
import { DELIVERY_POLICY } from './policy.js';
import { importSigningKey, signatureHeader } from './signature.js';

const PLURAL = WEBHOOKS.plural;

/** What the delivery engine is made of: the store it listens to, and where time and ids come from. */
export interface WebhookEngineOptions {
  store: Store;
  now: () => Date;
  /** Ids of deliveries (`whd`) and pings (`evt`). */
  ids: (prefix: string) => string;
  /** A new signing secret (`whsec_…`), for subscriptions created without one. */
  secrets: () => string;
  /** Multiplies every retry delay; `0.001` turns 1 s into 1 ms. */
  timeScale: number;
  /** How long a receiver has to answer, in milliseconds. */
  timeoutMs: number;
}

type Timer = ReturnType<typeof setTimeout>;

/** A timer that does not keep a Node process alive (browsers have no `unref`). */
function later(ms: number, run: () => void): Timer {
  const timer = setTimeout(run, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** A webhook record as stored: the fields the engine reads. */
interface WebhookRecord extends StoredRecord {
  readonly url: string;
  readonly event_types: readonly string[];
  readonly status: WebhookStatus;
  readonly failure_count: number;
  readonly secret: string;
}

const subscribed = (webhook: WebhookRecord, type: string): boolean =>
  webhook.event_types.includes('*') || webhook.event_types.includes(type);

/** Event types as stored: duplicates dropped, `["*"]` when absent. */
export const storedEventTypes = (types: readonly WebhookEventFilter[] | undefined): string[] =>
  types === undefined ? ['*'] : [...new Set(types)];

/** The words of a failed `fetch`, with the system error code when there is one (`ECONNREFUSED`). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail ? `${error.message} (${detail})` : error.message;
}

/** The outcome of one attempt: the status answered (if any), and why it failed (if it did). */
interface Outcome {
  status: number | null;
  error: string | null;
}

/** One subscription's deliveries and the state of the attempt in progress. */
class Subscription {
  readonly log: DeliveryLog;
  /** Whether an attempt is in flight or scheduled. */
  busy = false;
  timer: Timer | undefined;
  controller: AbortController | undefined;
  /** Moves on every cancel, so an attempt that was in flight then ignores its outcome. */
  generation = 0;
  signing: { secret: string; key: Promise<CryptoKey> } | undefined;

  constructor(
    readonly org: string,
    readonly webhookId: string,
  ) {
    this.log = new DeliveryLog(webhookId);
  }

  /** Stops the attempt in flight or scheduled. */
  halt(): void {
    this.generation++;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
    this.busy = false;
  }
}

/**
 * Delivers the store's events to webhook subscriptions (SPEC §8): one signed POST per event of a
 * subscribed type, one queue per subscription (event order, never two at once), retries with
 * backoff, the disable rule, ping and replay. It hears events through `store.subscribe` while
 * the write runs, records the delivery at once (so `drain()` right after the response sees it)
 * and sends it from a timer, after the response: the request path never waits on a receiver.
 *
 * It also owns the subscription records' writes, which emit no events (Rex has no
 * `webhook.*` event types) — so it writes the webhooks collection directly rather than through
 * `Store.update`/`Store.delete`, which always emit.
 */
export class WebhookEngine {
  private readonly subscriptions = new Map<string, Subscription>();
  private pendingCount = 0;
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: WebhookEngineOptions) {
    this.unsubscribe = options.store.subscribe((org, event) => this.onEvent(org, event));
  }

  /** Deliveries waiting, in flight or scheduled for a retry, across every subscription. */
  get pending(): number {
    return this.pendingCount;
  }

  /** A new signing secret. */
  secret(): string {
    return this.options.secrets();
  }

  // -------------------------------------------------------------------------------------------
  // Subscriptions

  /**
   * Applies a PATCH to a subscription without emitting an event. Pausing drops its pending
   * deliveries; setting `active` on a disabled subscription re-enables it with a clean
   * `failure_count`.
   */
  update(org: Org, current: StoredRecord, patch: Readonly<Record<string, unknown>>): StoredRecord {
    const webhook = current as WebhookRecord;
    const changes: Record<string, unknown> = { ...patch };
    if (changes.status === 'active' && webhook.status === 'disabled') changes.failure_count = 0;
    const next = patched(current, changes, (_field, value) => value);
    if (!next) return current;
    if (next.metadata !== current.metadata) checkMetadata(next.metadata as Metadata);
    const record = this.replace(org, current, next);
    if (record.status !== 'active') this.cancel(org.name, record.id, `the webhook was ${record.status}`);
    return record;
  }

  /** Deletes a subscription without emitting an event, dropping its deliveries and their log. */
  remove(org: Org, current: StoredRecord): void {
    org.collection(PLURAL).remove(current);
    const key = this.key(org.name, current.id);
    const subscription = this.subscriptions.get(key);
    if (!subscription) return;
    subscription.halt();
    this.pendingCount -= subscription.log.queue.length;
    this.subscriptions.delete(key);
    this.settle();
  }

  private replace(org: Org, current: StoredRecord, next: Readonly<Record<string, unknown>>): StoredRecord {
    const record = { ...next, updated_at: this.options.now().toISOString() } as StoredRecord;
    org.collection(PLURAL).replace(current, record);
    return record;
  }

  /** The subscription record as stored now, or `undefined` once it is gone. */
  private record(subscription: Subscription): WebhookRecord | undefined {
    const org = this.options.store.peek(subscription.org);
    return org.collections.get(PLURAL)?.get(subscription.webhookId) as WebhookRecord | undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Deliveries

  private key(org: string, webhookId: string): string {
    return `${org}\u0000${webhookId}`;
  }

  private subscription(org: string, webhookId: string): Subscription {
    const key = this.key(org, webhookId);
    let subscription = this.subscriptions.get(key);
    if (!subscription) {
      subscription = new Subscription(org, webhookId);
      this.subscriptions.set(key, subscription);
    }
    return subscription;
  }

  private onEvent(org: Org, event: EventRecord): void {
    const webhooks = org.collections.get(PLURAL);
    if (!webhooks || webhooks.size === 0) return;
    for (const webhook of webhooks.table.values() as Iterable<WebhookRecord>) {
      if (webhook.status === 'active' && subscribed(webhook, event.type))
        this.enqueue(org.name, webhook, event);
    }
  }

  /**
   * Records a delivery of `event` to `webhook` and starts its queue if idle. A queue already
   * holding `maxPending` deliveries takes no more: the delivery is recorded as failed instead.
   */
  private enqueue(org: string, webhook: StoredRecord, event: DeliveredEvent): Delivery {
    const subscription = this.subscription(org, webhook.id);
    const now = this.options.now().toISOString();
    const delivery: Delivery = {
      id: this.options.ids('whd'),
      seq: ++this.seq,
      event,
      status: 'pending',
      attempts: 0,
      response_status: null,
      last_error: null,
      next_attempt_at: now,
      created_at: now,
    };
    if (subscription.log.queue.length >= DELIVERY_POLICY.maxPending) {
      delivery.status = 'failed';
      delivery.next_attempt_at = null;
      delivery.last_error = `Not delivered: ${DELIVERY_POLICY.maxPending} deliveries were already pending for this webhook (the mock's queue cap)`;
      subscription.log.add(delivery);
      return delivery;
    }
    subscription.log.add(delivery);
    this.pendingCount++;
    if (!subscription.busy) {
      subscription.busy = true;
      // From a timer: after the response of the request that caused it.
      subscription.timer = later(0, () => void this.attempt(subscription));
    }
    return delivery;
  }

  /** Sends a `ping` event [Rex] to one subscription, through its queue. */
  ping(org: Org, webhook: StoredRecord): Delivery {
    this.requireActive(webhook, 'ping');
    const event: DeliveredEvent = {
      id: this.options.ids('evt'),
      type: PING_EVENT,
      timestamp: this.options.now().toISOString(),
      data: { webhook_id: webhook.id },
    };
    return this.enqueue(org.name, webhook, event);
  }

  /**
   * Queues again, oldest first, every event of the org at or after `since` that the
   * subscription's types select. All or nothing: more events than the queue has room for is a
   * 400 that queues none.
   */
  replay(org: Org, webhook: StoredRecord, since: string): number {
    this.requireActive(webhook, 'replay');
    const from = Date.parse(since);
    const events = org.events
      .all()
      .filter(
        (event) => Date.parse(event.timestamp) >= from && subscribed(webhook as WebhookRecord, event.type),
      );
    const waiting = this.subscriptions.get(this.key(org.name, webhook.id))?.log.queue.length ?? 0;
    const room = DELIVERY_POLICY.maxPending - waiting;
    if (events.length > room) {
      throw new InvalidInput(
        'since',
        `${events.length} events since ${since}; this webhook's queue has room for ${room} (the mock keeps at most ${DELIVERY_POLICY.maxPending} pending): replay from a later instant`,
      );
    }
    for (const event of events) this.enqueue(org.name, webhook, event);
    return events.length;
  }

  private requireActive(webhook: StoredRecord, what: string): void {
    const { status } = webhook as WebhookRecord;
    if (status === 'active') return;
    throw new RecordInUse(
      `Webhook ${webhook.id} is ${status}: set its status to active to ${what} it`,
      webhook.id,
      { status },
    );
  }

  /** A page of a subscription's deliveries, newest first. */
  deliveries(org: Org, webhookId: string, query: DeliveryQuery): ListResult<Delivery> {
    const subscription = this.subscriptions.get(this.key(org.name, webhookId));
    // A subscription with no delivery yet has no log: page an empty one, so its cursor is still
    // checked (a cursor Rex did not issue is a 400 even on an empty list).
    return (subscription?.log ?? new DeliveryLog(webhookId)).page(query);
  }

  /** Drops a subscription's pending deliveries (marked failed with `reason`), stopping its queue. */
  private cancel(org: string, webhookId: string, reason: string): void {
    const subscription = this.subscriptions.get(this.key(org, webhookId));
    if (!subscription) return;
    subscription.halt();
    this.pendingCount -= subscription.log.drop(`Not delivered: ${reason}`);
    this.settle();
  }

  /** One attempt at the head of a subscription's queue; never rejects. */
  private async attempt(subscription: Subscription): Promise<void> {
    subscription.timer = undefined;
    const delivery = subscription.log.queue[0];
    if (!delivery) {
      subscription.busy = false;
      return;
    }
    const webhook = this.record(subscription);
    if (webhook?.status !== 'active') {
      this.cancel(subscription.org, subscription.webhookId, 'the webhook is no longer active');
      return;
    }
    const generation = subscription.generation;
    delivery.attempts++;
    delivery.next_attempt_at = null;
    const controller = new AbortController();
    subscription.controller = controller;
    const outcome = await this.send(subscription, webhook, delivery, controller);
    // Cancelled (pause, delete, reset) while it was in flight: nothing to record.
    if (subscription.generation !== generation) return;
    subscription.controller = undefined;
    delivery.response_status = outcome.status;
    if (outcome.error === null) {
      delivery.status = 'succeeded';
      subscription.log.shift();
      this.pendingCount--;
      const current = this.record(subscription);
      if (current && current.failure_count !== 0) this.write(subscription, current, { failure_count: 0 });
    } else {
      delivery.last_error = outcome.error;
      if (delivery.attempts < DELIVERY_POLICY.maxAttempts) {
        const delay =
          (DELIVERY_POLICY.retryDelaysMs[delivery.attempts - 1] as number) * this.options.timeScale;
        delivery.next_attempt_at = new Date(this.options.now().getTime() + delay).toISOString();
        subscription.timer = later(delay, () => void this.attempt(subscription));
        return;
      }
      delivery.status = 'failed';
      subscription.log.shift();
      this.pendingCount--;
      const current = this.record(subscription);
      if (current) {
        const failures = current.failure_count + 1;
        if (failures >= DELIVERY_POLICY.disableAfter) {
          this.write(subscription, current, { failure_count: failures, status: 'disabled' });
          this.cancel(
            subscription.org,
            subscription.webhookId,
            `the webhook was disabled after ${failures} failed deliveries in a row`,
          );
          return;
        }
        this.write(subscription, current, { failure_count: failures });
      }
    }
    this.settle();
    if (subscription.log.queue.length > 0) void this.attempt(subscription);
    else subscription.busy = false;
  }

  private write(subscription: Subscription, current: WebhookRecord, changes: Record<string, unknown>): void {
    this.replace(this.options.store.peek(subscription.org), current, { ...current, ...changes });
  }

  /** POSTs a delivery once: signed, with the event and delivery ids, bounded by the timeout. */
  private async send(
    subscription: Subscription,
    webhook: WebhookRecord,
    delivery: Delivery,
    controller: AbortController,
  ): Promise<Outcome> {
    let timedOut = false;
    const timer = later(this.options.timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    try {
      const { event } = delivery;
      delivery.body ??= JSON.stringify({ event: event.type, timestamp: event.timestamp, data: event.data });
      if (subscription.signing?.secret !== webhook.secret) {
        subscription.signing = { secret: webhook.secret, key: importSigningKey(webhook.secret) };
      }
      const signature = await signatureHeader(
        await subscription.signing.key,
        delivery.body,
        Math.floor(Date.now() / 1000),
      );
      // The global fetch as it is now: inside MSW it is the patched one, so the test's own
      // handlers (or a real local server) receive the delivery.
      const response = await globalThis.fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-rex-signature': signature,
          'x-rex-event-id': event.id,
          'x-rex-delivery-id': delivery.id,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      // Read to the end so the connection is free again; a body cut short does not undo the 2xx.
      await response.arrayBuffer().catch(() => undefined);
      const { status } = response;
      if (status >= 200 && status < 300) return { status, error: null };
      return {
        status: status === 0 ? null : status,
        error:
          status === 0 || (status >= 300 && status < 400)
            ? `Receiver answered with a redirect (${status}); deliveries do not follow redirects`
            : `Receiver answered ${status}`,
      };
    } catch (error) {
      if (timedOut) return { status: null, error: `No answer within ${this.options.timeoutMs / 1000} s` };
      return { status: null, error: `Request failed: ${describeFailure(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Waiting and resetting

  private settle(): void {
    if (this.pendingCount !== 0) return;
    for (const done of [...this.waiters]) done();
  }

  /**
   * Resolves once no delivery is pending — none waiting, in flight or scheduled for a retry.
   * While it waits it keeps a Node process alive (the engine's own timers do not). With
   * `timeoutMs`, it rejects after that long instead, saying how many are still pending.
   */
  drain(timeoutMs?: number): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const keepAlive = setInterval(() => {}, 60_000);
      let timer: Timer | undefined;
      const done = () => {
        clearInterval(keepAlive);
        if (timer !== undefined) clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          clearInterval(keepAlive);
          this.waiters.delete(done);
          reject(
            new RexMockError(
              `webhooks.drain(): ${this.pendingCount} deliveries still pending after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
      }
    });
  }

  /** Drops every pending delivery, timer and log (reset, restore). */
  clear(): void {
    for (const subscription of this.subscriptions.values()) subscription.halt();
    this.subscriptions.clear();
    this.pendingCount = 0;
    this.settle();
  }

  /** Stops listening to the store and drops everything. */
  close(): void {
    this.unsubscribe();
    this.clear();
  }
}

const ENGINES = new WeakMap<Store, WebhookEngine>();

/**
 * Starts a delivery engine for `store` and makes it the one the webhook operations reach: they
 * are given the store only (the operation stage knows no other services), so they find the
 * engine by it.
 */
export function createWebhookEngine(options: WebhookEngineOptions): WebhookEngine {
  const engine = new WebhookEngine(options);
  ENGINES.set(options.store, engine);
  return engine;
}

/** The delivery engine of a store. */
export function webhookEngine(store: Store): WebhookEngine {
  const engine = ENGINES.get(store);
  if (!engine) throw new Error('This store has no webhook delivery engine (createWebhookEngine)');
  return engine;
}

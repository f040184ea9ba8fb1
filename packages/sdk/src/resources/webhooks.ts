import type { Deleted, Webhook, WebhookDelivery, WebhookReplayResult } from '@rex/types';
import {
  WebhookCreateParams,
  WebhookDeliveryListParams,
  WebhookListParams,
  WebhookReplayParams,
  WebhookUpdateParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import { besideData, type WebhookCreated } from './shared.js';

/**
 * `rex.webhooks`: subscriptions that receive signed deliveries of the org's events [Rex]. Verify
 * and parse what arrives with `constructWebhookEvent`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Webhooks extends Resource {
  static {
    define(Webhooks, 'webhooks', [
      [WebhookCreateParams, besideData('secret')], // create
      WebhookListParams, // list
      0, // get
      WebhookUpdateParams, // update
      0, // delete
      WebhookDeliveryListParams, // listDeliveries
      0, // ping
      WebhookReplayParams, // replay
    ]);
  }
}

export interface Webhooks {
  /**
   * Subscribes a URL (`POST /webhooks`) to some event types (`event_types`, absent = every
   * type). Resolves to `{ data, secret }`: the signing secret is in this response only.
   * @example
   * const { data, secret } = await rex.webhooks.create({ url: 'https://example.com/rex', event_types: ['contact.created'] });
   */
  create(params: WebhookCreateParams, options?: RequestOptions): RexPromise<WebhookCreated<Webhook>>;

  /** Lists subscriptions (`GET /webhooks`), newest first, optionally of one `status`. */
  list(params?: WebhookListParams, options?: RequestOptions): PagePromise<Webhook>;

  /**
   * Fetches a subscription (`GET /webhooks/:id`).
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get(id: string, options?: RequestOptions): RexPromise<Webhook>;

  /**
   * Updates a subscription (`PATCH /webhooks/:id`); `status: 'paused'` stops deliveries,
   * `'active'` resumes them (and re-enables a disabled one).
   */
  update(id: string, params: WebhookUpdateParams, options?: RequestOptions): RexPromise<Webhook>;

  /** Deletes a subscription (`DELETE /webhooks/:id`). */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;

  /** Lists a subscription's deliveries (`GET /webhooks/:id/deliveries`), newest first. */
  listDeliveries(
    id: string,
    params?: WebhookDeliveryListParams,
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery>;

  /** Sends a `ping` event to a subscription (`POST /webhooks/:id/ping`); resolves to its delivery. */
  ping(id: string, options?: RequestOptions): RexPromise<WebhookDelivery>;

  /**
   * Delivers again, in order, every event of the subscription's types since `since`
   * (`POST /webhooks/:id/replay`).
   * @example
   * const { queued } = await rex.webhooks.replay(id, { since: '2026-12-01T00:00:00Z' });
   */
  replay(id: string, params: WebhookReplayParams, options?: RequestOptions): RexPromise<WebhookReplayResult>;
}

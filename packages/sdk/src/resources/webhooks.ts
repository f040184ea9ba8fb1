import type { Deleted, Webhook, WebhookDelivery, WebhookReplayResult } from '@rex/types';
import {
  ROUTES,
  WebhookCreateParams,
  WebhookDeliveryListParams,
  WebhookListParams,
  WebhookReplayParams,
  WebhookUpdateParams,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { besideData, type WebhookCreated } from './shared.js';

/**
 * `rex.webhooks`: subscriptions that receive signed deliveries of the org's events [Rex]. Verify
 * and parse what arrives with `constructWebhookEvent`.
 */
export class Webhooks {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Subscribes a URL (`POST /webhooks`) to some event types (`event_types`, absent = every
   * type). Resolves to `{ data, secret }`: the signing secret is in this response only.
   * @example
   * const { data, secret } = await rex.webhooks.create({ url: 'https://example.com/rex', event_types: ['contact.created'] });
   */
  create(params: WebhookCreateParams, options?: RequestOptions): RexPromise<WebhookCreated<Webhook>> {
    return this.#call({
      route: ROUTES['webhooks.create'],
      body: params,
      schema: WebhookCreateParams,
      map: besideData('secret')<Webhook>,
      options,
    });
  }

  /** Lists subscriptions (`GET /webhooks`), newest first, optionally of one `status`. */
  list(params?: WebhookListParams, options?: RequestOptions): PagePromise<Webhook> {
    return paginate(this.#call, {
      route: ROUTES['webhooks.list'],
      query: params,
      schema: WebhookListParams,
      options,
    });
  }

  /**
   * Fetches a subscription (`GET /webhooks/:id`).
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get(id: string, options?: RequestOptions): RexPromise<Webhook> {
    return this.#call({ route: ROUTES['webhooks.get'], pathParams: { id }, options });
  }

  /**
   * Updates a subscription (`PATCH /webhooks/:id`); `status: 'paused'` stops deliveries,
   * `'active'` resumes them (and re-enables a disabled one).
   */
  update(id: string, params: WebhookUpdateParams, options?: RequestOptions): RexPromise<Webhook> {
    return this.#call({
      route: ROUTES['webhooks.update'],
      pathParams: { id },
      body: params,
      schema: WebhookUpdateParams,
      options,
    });
  }

  /** Deletes a subscription (`DELETE /webhooks/:id`). */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['webhooks.delete'], pathParams: { id }, options });
  }

  /** Lists a subscription's deliveries (`GET /webhooks/:id/deliveries`), newest first. */
  listDeliveries(
    id: string,
    params?: WebhookDeliveryListParams,
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return paginate(this.#call, {
      route: ROUTES['webhooks.listDeliveries'],
      pathParams: { id },
      query: params,
      schema: WebhookDeliveryListParams,
      options,
    });
  }

  /** Sends a `ping` event to a subscription (`POST /webhooks/:id/ping`); resolves to its delivery. */
  ping(id: string, options?: RequestOptions): RexPromise<WebhookDelivery> {
    return this.#call({ route: ROUTES['webhooks.ping'], pathParams: { id }, options });
  }

  /**
   * Delivers again, in order, every event of the subscription's types since `since`
   * (`POST /webhooks/:id/replay`).
   * @example
   * const { queued } = await rex.webhooks.replay(id, { since: '2026-12-01T00:00:00Z' });
   */
  replay(id: string, params: WebhookReplayParams, options?: RequestOptions): RexPromise<WebhookReplayResult> {
    return this.#call({
      route: ROUTES['webhooks.replay'],
      pathParams: { id },
      body: params,
      schema: WebhookReplayParams,
      options,
    });
  }
}

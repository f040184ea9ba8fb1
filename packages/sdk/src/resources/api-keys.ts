import type { ApiKey, Deleted } from '@rex/types';
import { ApiKeyCreateParams, ApiKeyListParams, ROUTES } from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { type ApiKeyCreated, besideData } from './shared.js';

/** `rex.apiKeys`: the org's API keys [Rex]. Every method needs a `read-write` key. */
export class ApiKeys {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a key in the caller's org (`POST /apikeys`). Resolves to `{ data, key }`: the full
   * key is in this response only.
   * @example
   * const { data, key } = await rex.apiKeys.create({ name: 'CI', scope: 'read' });
   * const ci = new Rex({ apiKey: key, baseUrl });
   */
  create(params: ApiKeyCreateParams, options?: RequestOptions): RexPromise<ApiKeyCreated<ApiKey>> {
    return this.#call({
      route: ROUTES['apiKeys.create'],
      body: params,
      schema: ApiKeyCreateParams,
      map: besideData('key')<ApiKey>,
      options,
    });
  }

  /** Lists the org's keys (`GET /apikeys`), each with its `last4` only. */
  list(params?: ApiKeyListParams, options?: RequestOptions): PagePromise<ApiKey> {
    return paginate(this.#call, {
      route: ROUTES['apiKeys.list'],
      query: params,
      schema: ApiKeyListParams,
      options,
    });
  }

  /** Revokes a key (`DELETE /apikeys/:id`): from then on it is refused with 401. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['apiKeys.delete'], pathParams: { id }, options });
  }
}

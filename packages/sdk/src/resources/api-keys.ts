import type { ApiKey, Deleted } from '@rex/types';
import { ApiKeyCreateParams, ApiKeyListParams } from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import { type ApiKeyCreated, besideData } from './shared.js';

/** `rex.apiKeys`: the org's API keys [Rex]. Every method needs a `read-write` key. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class ApiKeys extends Resource {
  static {
    define(ApiKeys, 'apiKeys', [
      [ApiKeyCreateParams, besideData('key')], // create
      ApiKeyListParams, // list
      0, // delete
    ]);
  }
}

export interface ApiKeys {
  /**
   * Creates a key in the caller's org (`POST /apikeys`). Resolves to `{ data, key }`: the full
   * key is in this response only.
   * @example
   * const { data, key } = await rex.apiKeys.create({ name: 'CI', scope: 'read' });
   * const ci = new Rex({ apiKey: key, baseUrl });
   */
  create(params: ApiKeyCreateParams, options?: RequestOptions): RexPromise<ApiKeyCreated<ApiKey>>;

  /** Lists the org's keys (`GET /apikeys`), each with its `last4` only. */
  list(params?: ApiKeyListParams, options?: RequestOptions): PagePromise<ApiKey>;

  /** Revokes a key (`DELETE /apikeys/:id`): from then on it is refused with 401. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;
}

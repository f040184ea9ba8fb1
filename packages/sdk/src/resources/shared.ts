import { unexpected, unwrap } from '../internal/request.js';

/**
 * A record fetched with a sparse fieldset (`fields`): only those fields and `id` (plus the
 * embedded `company` when asked for with `include`). Without `fields`, the whole record.
 */
export type Sparse<T, P> = P extends { fields: readonly (infer F)[] }
  ? Pick<T, Extract<F | 'id' | 'company', keyof T>>
  : T;

/** What an upsert resolves to: the record and whether it was created (201) or updated (200). */
export interface Upserted<T> {
  /** The record after the upsert. */
  data: T;
  /** `true` when Rex created the record (201), `false` when it updated one (200). */
  created: boolean;
}

/** The `map` of upserts. */
export const upserted = <T>(body: unknown, response: Response, where: string): Upserted<T> => ({
  data: unwrap<T>(body, response, where),
  created: response.status === 201,
});

/** What `rex.apiKeys.create` resolves to: the key's record and, beside it, the full key. */
export interface ApiKeyCreated<T> {
  /** The key's record (`last4` only, never the full key). */
  data: T;
  /** The full key (`rex_…`), shown only in this response: store it now. */
  key: string;
}

/** What `rex.webhooks.create` resolves to: the subscription and, beside it, its signing secret. */
export interface WebhookCreated<T> {
  /** The subscription. */
  data: T;
  /** The signing secret (`whsec_…`), shown only in this response: pass it to `constructWebhookEvent`. */
  secret: string;
}

/**
 * The `map` of creates that answer a string beside `data` (`key` for API keys, `secret` for
 * webhooks): `{ data, [name]: string }`.
 */
export const besideData =
  <K extends string>(name: K) =>
  <T>(body: unknown, response: Response, where: string): { data: T } & Record<K, string> => {
    const data = unwrap<T>(body, response, where);
    const value = (body as Record<string, unknown>)[name];
    if (typeof value !== 'string') throw unexpected(where, `a body without \`${name}\``);
    return { data, [name]: value } as { data: T } & Record<K, string>;
  };

import * as z from 'zod/mini';
import { oneOf, openEnum } from './common.js';
import { NonBlank, pageQuery } from './fields.js';
import { defineResource } from './resource.js';

/** What a key may call [Rex]: `read` (GET only), `read-write`, `capture-only` (`POST /capture`). */
export const API_KEY_SCOPES = ['read', 'read-write', 'capture-only'] as const;
/** What a key may call [Rex]. */
export type ApiKeyScopeName = (typeof API_KEY_SCOPES)[number];

/** An API key as Rex lists it: never the key itself, only its last 4 characters [Rex]. */
export const ApiKey = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `key_` prefix. */
    id: z.string(),
    name: z.string(),
    scope: openEnum(API_KEY_SCOPES),
    /** The key's last 4 characters, to tell keys apart. */
    last4: z.string(),
    created_at: z.string(),
  }))();
/** An API key as Rex lists it [Rex]. */
export interface ApiKey extends z.infer<typeof ApiKey> {}

/** Every field of an API key, in the order Rex returns them. */
export const API_KEY_FIELDS = ['id', 'name', 'scope', 'last4', 'created_at'] as const;

/** Body of `POST /apikeys`. The new key shares the caller's org. */
export const ApiKeyCreateParams = /* @__PURE__ */ z.strictObject({
  name: NonBlank,
  scope: oneOf(API_KEY_SCOPES),
});
/** Body of `POST /apikeys`. */
export interface ApiKeyCreateParams extends z.input<typeof ApiKeyCreateParams> {}

/** Query of `GET /apikeys`. */
export const ApiKeyListParams = /* @__PURE__ */ pageQuery();
/** Query of `GET /apikeys`. */
export interface ApiKeyListParams extends z.input<typeof ApiKeyListParams> {}

/** API keys as the server sees them; the full key is kept by the server, never listed. */
export const API_KEYS = /* @__PURE__ */ defineResource({
  name: 'api_key',
  plural: 'apikeys',
  title: 'API key',
  prefix: 'key',
  fields: API_KEY_FIELDS,
  sortFields: ['created_at'],
  readOnly: ['last4'],
  events: false,
  filters: {},
  schemas: { record: ApiKey, create: ApiKeyCreateParams },
});

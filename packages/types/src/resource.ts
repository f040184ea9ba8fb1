import type * as z from 'zod/mini';

/**
 * How a list query parameter filters records:
 * - `eq`: the field equals the value (answered from a per-value index);
 * - `unique`: the field equals the value after the dedup key's normalisation (answered from
 *   the dedup index: one record at most);
 * - `search`: case-insensitive substring of any of `fields`;
 * - `after` / `before`: a timestamp field strictly after / before the instant.
 */
export type FilterSpec =
  | { readonly kind: 'eq'; readonly field?: string }
  | { readonly kind: 'unique'; readonly field: string }
  | { readonly kind: 'search'; readonly fields: readonly string[] }
  | { readonly kind: 'after' | 'before'; readonly field: string };

/** A dedup key: the fields whose values, together, at most one record of an org may hold. */
export interface UniqueKey {
  readonly fields: readonly string[];
  /** Turns a sent value into the stored one (`normalizeEmail`); it throws on an invalid value. */
  readonly normalize?: (value: string) => string;
}

/** A `*_id` field that names a record of another resource in the same org. */
export interface LinkSpec {
  /** The resource linked to, by its plural name (`companies`). */
  readonly to: string;
  /** The `include=` name that embeds the linked record (`company`). */
  readonly as?: string;
  /**
   * What deleting the linked record does: `nullify` sets this field to `null` (one `*.updated`
   * event per record), `restrict` refuses the delete with a 409 while records link to it,
   * `cascade` deletes the linking records too (without events: for records that only exist
   * as part of another, such as a deal's stage history).
   */
  readonly onDelete: 'nullify' | 'restrict' | 'cascade';
}

/**
 * Everything the server side needs to know about a Rex resource, declared once: the store,
 * keyset lists, cursors, seeds, snapshots and events of the mock all work from it.
 */
export interface ResourceDeclaration {
  /** Singular name, used in event types (`contact.created`). */
  readonly name: string;
  /** Plural name: the route segment, the seed key and the snapshot key (`contacts`). */
  readonly plural: string;
  /** The name in messages (`Contact not found`). */
  readonly title: string;
  /** TypeID prefix of its ids (`cont`). */
  readonly prefix: string;
  /** Every field of a record, in the order Rex returns them. */
  readonly fields: readonly string[];
  /** Fields a list can be sorted by. */
  readonly sortFields: readonly string[];
  /** Values of fields a create leaves out (others become `null`; `metadata` becomes `{}`). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Timestamp fields a create sets to the current time when left out (`occurred_at`). */
  readonly defaultNow?: readonly string[];
  /**
   * Read-only fields computed when a record is shown (`days_in_stage`), never stored; they are
   * in `fields` for their place in the answer.
   */
  readonly computed?: readonly string[];
  /** Read-only fields the server sets (`completed_at`, `last4`); a request cannot send them. */
  readonly readOnly?: readonly string[];
  /** Timestamp fields a request may set; stored as ISO 8601 UTC with milliseconds. */
  readonly timestamps?: readonly string[];
  /** Object fields replaced whole, with these parts (parts left out become `null`). */
  readonly objects?: Readonly<Record<string, readonly string[]>>;
  /** Dedup keys, each unique per org. */
  readonly unique?: readonly UniqueKey[];
  /** The dedup field that selects the record on upsert. */
  readonly upsertKey?: string;
  /** List query parameters that filter, by parameter name. */
  readonly filters: Readonly<Record<string, FilterSpec>>;
  /**
   * Whether writes emit `{name}.created|updated|deleted` events.
   * @default true
   */
  readonly events?: boolean;
  /** Link fields, by field name. */
  readonly links?: Readonly<Record<string, LinkSpec>>;
  /** Schemas: the record as returned, and the create body (seeds and upsert-creates use it). */
  readonly schemas: { readonly record: z.ZodMiniType; readonly create: z.ZodMiniType };
}

/**
 * Declares a resource: the identity, typed, so a mistake in a declaration is a compile error
 * where it is written.
 */
// @__NO_SIDE_EFFECTS__
export function defineResource(declaration: ResourceDeclaration): ResourceDeclaration {
  return declaration;
}

import type { ENDPOINT_SCHEMAS, OperationId, ROUTES } from '@rex/types';
import type { Org, Store } from '../engine/store.js';
import type { KeyRing } from '../stages/auth.js';
import type { Caller } from '../stages/compose.js';

type Schemas = typeof ENDPOINT_SCHEMAS;
/** What a zod schema parses to (zod keeps it in `_zod.output`). */
type Output<S> = S extends { _zod: { output: infer O } } ? O : never;

/** The validated body of an operation's route (`undefined` for a route without one). */
export type BodyOf<K extends OperationId> = Schemas[K] extends { body: infer S } ? Output<S> : undefined;

/** The validated query of an operation's route. */
export type QueryOf<K extends OperationId> = Schemas[K] extends { query: infer S }
  ? Output<S>
  : Record<string, never>;

/** The path parameters of an operation's route (`{ id }`). */
export type ParamsOf<K extends OperationId> = (typeof ROUTES)[K] extends { ids: infer I }
  ? { readonly [P in keyof I]: string }
  : Record<string, never>;

/** What an operation gets: the store, the caller's org, and the validated request. */
export interface OperationContext<K extends OperationId> {
  store: Store;
  /** The caller's org: created on a write, an empty view on a read of an org nobody wrote. */
  org: Org;
  /** The caller; absent for a call without a key. */
  caller: Caller | undefined;
  /** The keys the mock accepts: API key routes add and revoke keys. */
  keys: KeyRing;
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

/** What an operation answers: a status and the envelope to send. */
export interface OperationResult {
  status: number;
  body: unknown;
}

/** The handler of one route. */
export type Operation<K extends OperationId> = (ctx: OperationContext<K>) => OperationResult;

/** One handler per route of `ROUTES`: a route without a handler does not compile. */
export type Operations = { [K in OperationId]: Operation<K> };

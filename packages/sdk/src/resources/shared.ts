import { unwrap } from '../internal/request.js';

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

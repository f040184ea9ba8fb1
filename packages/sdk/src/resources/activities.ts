import type { Activity, Deleted } from '@rex/types';
import {
  ActivityCreateParams,
  ActivityGetParams,
  ActivityListParams,
  ActivityUpdateParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import type { Sparse } from './shared.js';

/** `rex.activities`: calls, emails, meetings and notes logged against contacts, companies and deals [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Activities extends Resource {
  static {
    define(Activities, 'activities', [
      ActivityCreateParams, // create
      ActivityListParams, // list
      ActivityGetParams, // get
      ActivityUpdateParams, // update
      0, // delete
    ]);
  }
}

export interface Activities {
  /**
   * Creates an activity (`POST /activities`); a repeated `(source, external_id)` is a `ConflictError`. Not retried after a 5xx or a timeout.
   * @example
   * await rex.activities.create({ type: 'call', subject: 'Discovery call', contact_id, deal_id, duration: 900 });
   */
  create(params: ActivityCreateParams, options?: RequestOptions): RexPromise<Activity>;

  /** Lists activities (`GET /activities`), filtered by contact, company, deal, type, owner or when it occurred. */
  list<P extends ActivityListParams = ActivityListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Activity, P>>;

  /**
   * Fetches an activity (`GET /activities/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends ActivityGetParams = ActivityGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Activity, P>>;

  /** Updates an activity (`PATCH /activities/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: ActivityUpdateParams, options?: RequestOptions): RexPromise<Activity>;

  /** Deletes an activity (`DELETE /activities/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;
}

import type { Activity, Deleted } from '@rex/types';
import {
  ActivityCreateParams,
  ActivityGetParams,
  ActivityListParams,
  ActivityUpdateParams,
  ROUTES,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import type { Sparse } from './shared.js';

/** `rex.activities`: calls, emails, meetings and notes logged against contacts, companies and deals [Rex]. */
export class Activities {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates an activity (`POST /activities`); a repeated `(source, external_id)` is a `ConflictError`. Not retried after a 5xx or a timeout.
   * @example
   * await rex.activities.create({ type: 'call', subject: 'Discovery call', contact_id, deal_id, duration: 900 });
   */
  create(params: ActivityCreateParams, options?: RequestOptions): RexPromise<Activity> {
    return this.#call({
      route: ROUTES['activities.create'],
      body: params,
      schema: ActivityCreateParams,
      options,
    });
  }

  /** Lists activities (`GET /activities`), filtered by contact, company, deal, type, owner or when it occurred. */
  list<P extends ActivityListParams = ActivityListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Activity, P>> {
    return paginate(this.#call, {
      route: ROUTES['activities.list'],
      query: params,
      schema: ActivityListParams,
      options,
    });
  }

  /**
   * Fetches an activity (`GET /activities/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends ActivityGetParams = ActivityGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Activity, P>> {
    return this.#call({
      route: ROUTES['activities.get'],
      pathParams: { id },
      query: params,
      schema: ActivityGetParams,
      options,
    });
  }

  /** Updates an activity (`PATCH /activities/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: ActivityUpdateParams, options?: RequestOptions): RexPromise<Activity> {
    return this.#call({
      route: ROUTES['activities.update'],
      pathParams: { id },
      body: params,
      schema: ActivityUpdateParams,
      options,
    });
  }

  /** Deletes an activity (`DELETE /activities/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['activities.delete'], pathParams: { id }, options });
  }
}

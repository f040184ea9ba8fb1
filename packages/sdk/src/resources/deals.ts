import type { Activity, Deal, DealStageChange, Deleted, Task } from '@rex/types';
import {
  ActivityListParams,
  DealCreateParams,
  DealGetParams,
  DealHistoryParams,
  DealListParams,
  DealMoveStageParams,
  DealUpdateParams,
  ROUTES,
  TaskListParams,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import type { Sparse } from './shared.js';

/** `rex.deals`: opportunities moving through a pipeline's stages [Rex]. */
export class Deals {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a deal (`POST /deals`); `stage_id` must be a stage of `pipeline_id`. Not retried
   * after a 5xx or a timeout.
   * @example
   * const deal = await rex.deals.create({ name: 'Acme renewal', pipeline_id, stage_id, value: 120_000 });
   */
  create(params: DealCreateParams, options?: RequestOptions): RexPromise<Deal> {
    return this.#call({ route: ROUTES['deals.create'], body: params, schema: DealCreateParams, options });
  }

  /**
   * Lists deals (`GET /deals`), filtered by pipeline, stage, contact, company, owner or status.
   * @example
   * for await (const deal of rex.deals.list({ status: 'open' })) console.log(deal.name);
   */
  list<P extends DealListParams = DealListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>> {
    return paginate(this.#call, {
      route: ROUTES['deals.list'],
      query: params,
      schema: DealListParams,
      options,
    });
  }

  /**
   * Fetches a deal (`GET /deals/:id`); `fields` narrows it, `include` embeds related records.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends DealGetParams = DealGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Deal, P>> {
    return this.#call({
      route: ROUTES['deals.get'],
      pathParams: { id },
      query: params,
      schema: DealGetParams,
      options,
    });
  }

  /** Updates a deal (`PATCH /deals/:id`); a stage change is recorded in its history. */
  update(id: string, params: DealUpdateParams, options?: RequestOptions): RexPromise<Deal> {
    return this.#call({
      route: ROUTES['deals.update'],
      pathParams: { id },
      body: params,
      schema: DealUpdateParams,
      options,
    });
  }

  /** Deletes a deal (`DELETE /deals/:id`); its activities and tasks stay, unlinked. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['deals.delete'], pathParams: { id }, options });
  }

  /**
   * Moves a deal to another stage of its pipeline (`POST /deals/:id/stage`) and records it in
   * the history; a stage of type `won` or `lost` sets the deal's `status` to match.
   * @example
   * const deal = await rex.deals.moveStage(id, { stage_id: wonStage.id }); // deal.status === 'won'
   */
  moveStage(id: string, params: DealMoveStageParams, options?: RequestOptions): RexPromise<Deal> {
    return this.#call({
      route: ROUTES['deals.moveStage'],
      pathParams: { id },
      body: params,
      schema: DealMoveStageParams,
      options,
    });
  }

  /** Lists a deal's stage changes (`GET /deals/:id/history`), oldest first. */
  history(id: string, params?: DealHistoryParams, options?: RequestOptions): PagePromise<DealStageChange> {
    return paginate(this.#call, {
      route: ROUTES['deals.history'],
      pathParams: { id },
      query: params,
      schema: DealHistoryParams,
      options,
    });
  }

  /** Lists the activities logged on a deal (`GET /deals/:id/activities`). */
  listActivities<P extends ActivityListParams = ActivityListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Activity, P>> {
    return paginate(this.#call, {
      route: ROUTES['deals.listActivities'],
      pathParams: { id },
      query: params,
      schema: ActivityListParams,
      options,
    });
  }

  /** Lists a deal's tasks (`GET /deals/:id/tasks`). */
  listTasks<P extends TaskListParams = TaskListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Task, P>> {
    return paginate(this.#call, {
      route: ROUTES['deals.listTasks'],
      pathParams: { id },
      query: params,
      schema: TaskListParams,
      options,
    });
  }
}

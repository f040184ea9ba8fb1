import type { Activity, Deal, DealStageChange, Deleted, Task } from '@rex/types';
import {
  ActivityListParams,
  DealCreateParams,
  DealGetParams,
  DealHistoryParams,
  DealListParams,
  DealMoveStageParams,
  DealUpdateParams,
  TaskListParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import type { Sparse } from './shared.js';

/** `rex.deals`: opportunities moving through a pipeline's stages [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Deals extends Resource {
  static {
    define(Deals, 'deals', [
      DealCreateParams, // create
      DealListParams, // list
      DealGetParams, // get
      DealUpdateParams, // update
      0, // delete
      DealMoveStageParams, // moveStage
      DealHistoryParams, // history
      ActivityListParams, // listActivities
      TaskListParams, // listTasks
    ]);
  }
}

export interface Deals {
  /**
   * Creates a deal (`POST /deals`); `stage_id` must be a stage of `pipeline_id`. Not retried
   * after a 5xx or a timeout.
   * @example
   * const deal = await rex.deals.create({ name: 'Acme renewal', pipeline_id, stage_id, value: 120_000 });
   */
  create(params: DealCreateParams, options?: RequestOptions): RexPromise<Deal>;

  /**
   * Lists deals (`GET /deals`), filtered by pipeline, stage, contact, company, owner or status.
   * @example
   * for await (const deal of rex.deals.list({ status: 'open' })) console.log(deal.name);
   */
  list<P extends DealListParams = DealListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>>;

  /**
   * Fetches a deal (`GET /deals/:id`); `fields` narrows it, `include` embeds related records.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends DealGetParams = DealGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Deal, P>>;

  /** Updates a deal (`PATCH /deals/:id`); a stage change is recorded in its history. */
  update(id: string, params: DealUpdateParams, options?: RequestOptions): RexPromise<Deal>;

  /** Deletes a deal (`DELETE /deals/:id`); its activities and tasks stay, unlinked. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;

  /**
   * Moves a deal to another stage of its pipeline (`POST /deals/:id/stage`) and records it in
   * the history; a stage of type `won` or `lost` sets the deal's `status` to match.
   * @example
   * const deal = await rex.deals.moveStage(id, { stage_id: wonStage.id }); // deal.status === 'won'
   */
  moveStage(id: string, params: DealMoveStageParams, options?: RequestOptions): RexPromise<Deal>;

  /** Lists a deal's stage changes (`GET /deals/:id/history`), oldest first. */
  history(id: string, params?: DealHistoryParams, options?: RequestOptions): PagePromise<DealStageChange>;

  /** Lists the activities logged on a deal (`GET /deals/:id/activities`). */
  listActivities<P extends ActivityListParams = ActivityListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Activity, P>>;

  /** Lists a deal's tasks (`GET /deals/:id/tasks`). */
  listTasks<P extends TaskListParams = TaskListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Task, P>>;
}

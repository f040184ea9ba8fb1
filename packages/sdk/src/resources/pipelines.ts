import type { Deal, Deleted, Pipeline } from '@rex/types';
import {
  DealListParams,
  PipelineCreateParams,
  PipelineGetParams,
  PipelineListParams,
  PipelineUpdateParams,
  StageCreateParams,
  StageReorderParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import type { Sparse } from './shared.js';

/** `rex.pipelines`: sales pipelines and their ordered stages [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Pipelines extends Resource {
  static {
    define(Pipelines, 'pipelines', [
      PipelineCreateParams, // create
      PipelineListParams, // list
      PipelineGetParams, // get
      PipelineUpdateParams, // update
      0, // delete
      DealListParams, // listDeals
      StageCreateParams, // addStage
      StageReorderParams, // reorderStages
      0, // deleteStage
    ]);
  }
}

export interface Pipelines {
  /**
   * Creates a pipeline (`POST /pipelines`) with its stages in order; `is_default: true` clears
   * the org's other default.
   * @example
   * const pipeline = await rex.pipelines.create({
   *   name: 'Sales',
   *   stages: [{ name: 'Qualified' }, { name: 'Won', type: 'won' }, { name: 'Lost', type: 'lost' }],
   * });
   */
  create(params: PipelineCreateParams, options?: RequestOptions): RexPromise<Pipeline>;

  /** Lists pipelines (`GET /pipelines`). */
  list<P extends PipelineListParams = PipelineListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Pipeline, P>>;

  /**
   * Fetches a pipeline with its stages (`GET /pipelines/:id`).
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends PipelineGetParams = PipelineGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Pipeline, P>>;

  /** Updates a pipeline (`PATCH /pipelines/:id`); stages change through the stage methods. */
  update(id: string, params: PipelineUpdateParams, options?: RequestOptions): RexPromise<Pipeline>;

  /**
   * Deletes a pipeline (`DELETE /pipelines/:id`).
   * @throws {ConflictError} while deals are in it
   */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;

  /** Lists the deals of a pipeline (`GET /pipelines/:id/deals`). */
  listDeals<P extends DealListParams = DealListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>>;

  /** Adds a stage at the end of a pipeline (`POST /pipelines/:id/stages`); resolves to the pipeline. */
  addStage(id: string, stage: StageCreateParams, options?: RequestOptions): RexPromise<Pipeline>;

  /**
   * Reorders a pipeline's stages (`PUT /pipelines/:id/stages`): `stage_ids` names every stage
   * exactly once, in the new order. Resolves to the pipeline.
   * @throws {ValidationError} when a stage is missing, repeated or of another pipeline
   */
  reorderStages(id: string, params: StageReorderParams, options?: RequestOptions): RexPromise<Pipeline>;

  /**
   * Deletes a stage (`DELETE /pipelines/:id/stages/:stage_id`); resolves to the pipeline.
   * @throws {ConflictError} while deals are in the stage
   */
  deleteStage(id: string, stageId: string, options?: RequestOptions): RexPromise<Pipeline>;
}

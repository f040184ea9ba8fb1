import type { Deal, Deleted, Pipeline } from '@rex/types';
import {
  DealListParams,
  PipelineCreateParams,
  PipelineGetParams,
  PipelineListParams,
  PipelineUpdateParams,
  ROUTES,
  StageCreateParams,
  StageReorderParams,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import type { Sparse } from './shared.js';

/** `rex.pipelines`: sales pipelines and their ordered stages [Rex]. */
export class Pipelines {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a pipeline (`POST /pipelines`) with its stages in order; `is_default: true` clears
   * the org's other default.
   * @example
   * const pipeline = await rex.pipelines.create({
   *   name: 'Sales',
   *   stages: [{ name: 'Qualified' }, { name: 'Won', type: 'won' }, { name: 'Lost', type: 'lost' }],
   * });
   */
  create(params: PipelineCreateParams, options?: RequestOptions): RexPromise<Pipeline> {
    return this.#call({
      route: ROUTES['pipelines.create'],
      body: params,
      schema: PipelineCreateParams,
      options,
    });
  }

  /** Lists pipelines (`GET /pipelines`). */
  list<P extends PipelineListParams = PipelineListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Pipeline, P>> {
    return paginate(this.#call, {
      route: ROUTES['pipelines.list'],
      query: params,
      schema: PipelineListParams,
      options,
    });
  }

  /**
   * Fetches a pipeline with its stages (`GET /pipelines/:id`).
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends PipelineGetParams = PipelineGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Pipeline, P>> {
    return this.#call({
      route: ROUTES['pipelines.get'],
      pathParams: { id },
      query: params,
      schema: PipelineGetParams,
      options,
    });
  }

  /** Updates a pipeline (`PATCH /pipelines/:id`); stages change through the stage methods. */
  update(id: string, params: PipelineUpdateParams, options?: RequestOptions): RexPromise<Pipeline> {
    return this.#call({
      route: ROUTES['pipelines.update'],
      pathParams: { id },
      body: params,
      schema: PipelineUpdateParams,
      options,
    });
  }

  /**
   * Deletes a pipeline (`DELETE /pipelines/:id`).
   * @throws {ConflictError} while deals are in it
   */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['pipelines.delete'], pathParams: { id }, options });
  }

  /** Lists the deals of a pipeline (`GET /pipelines/:id/deals`). */
  listDeals<P extends DealListParams = DealListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>> {
    return paginate(this.#call, {
      route: ROUTES['pipelines.listDeals'],
      pathParams: { id },
      query: params,
      schema: DealListParams,
      options,
    });
  }

  /** Adds a stage at the end of a pipeline (`POST /pipelines/:id/stages`); resolves to the pipeline. */
  addStage(id: string, stage: StageCreateParams, options?: RequestOptions): RexPromise<Pipeline> {
    return this.#call({
      route: ROUTES['pipelines.addStage'],
      pathParams: { id },
      body: stage,
      schema: StageCreateParams,
      options,
    });
  }

  /**
   * Reorders a pipeline's stages (`PUT /pipelines/:id/stages`): `stage_ids` names every stage
   * exactly once, in the new order. Resolves to the pipeline.
   * @throws {ValidationError} when a stage is missing, repeated or of another pipeline
   */
  reorderStages(id: string, params: StageReorderParams, options?: RequestOptions): RexPromise<Pipeline> {
    return this.#call({
      route: ROUTES['pipelines.reorderStages'],
      pathParams: { id },
      body: params,
      schema: StageReorderParams,
      options,
    });
  }

  /**
   * Deletes a stage (`DELETE /pipelines/:id/stages/:stage_id`); resolves to the pipeline.
   * @throws {ConflictError} while deals are in the stage
   */
  deleteStage(id: string, stageId: string, options?: RequestOptions): RexPromise<Pipeline> {
    return this.#call({
      route: ROUTES['pipelines.deleteStage'],
      pathParams: { id, stage_id: stageId },
      options,
    });
  }
}

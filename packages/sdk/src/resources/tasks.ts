import type { Deleted, Task } from '@rex/types';
import { ROUTES, TaskCreateParams, TaskGetParams, TaskListParams, TaskUpdateParams } from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import type { Sparse } from './shared.js';

/** `rex.tasks`: to-dos linked to contacts, companies and deals [Rex]. */
export class Tasks {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a task (`POST /tasks`). Not retried after a 5xx or a timeout.
   * @example
   * await rex.tasks.create({ title: 'Send the proposal', deal_id, due_at: '2026-12-10T09:00:00Z', priority: 'high' });
   */
  create(params: TaskCreateParams, options?: RequestOptions): RexPromise<Task> {
    return this.#call({ route: ROUTES['tasks.create'], body: params, schema: TaskCreateParams, options });
  }

  /** Lists tasks (`GET /tasks`), filtered by status, priority, contact, company, deal, owner or due date. */
  list<P extends TaskListParams = TaskListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Task, P>> {
    return paginate(this.#call, {
      route: ROUTES['tasks.list'],
      query: params,
      schema: TaskListParams,
      options,
    });
  }

  /**
   * Fetches a task (`GET /tasks/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends TaskGetParams = TaskGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Task, P>> {
    return this.#call({
      route: ROUTES['tasks.get'],
      pathParams: { id },
      query: params,
      schema: TaskGetParams,
      options,
    });
  }

  /** Updates a task (`PATCH /tasks/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: TaskUpdateParams, options?: RequestOptions): RexPromise<Task> {
    return this.#call({
      route: ROUTES['tasks.update'],
      pathParams: { id },
      body: params,
      schema: TaskUpdateParams,
      options,
    });
  }

  /** Deletes a task (`DELETE /tasks/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['tasks.delete'], pathParams: { id }, options });
  }
}

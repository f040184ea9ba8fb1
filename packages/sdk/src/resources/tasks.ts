import type { Deleted, Task } from '@rex/types';
import { TaskCreateParams, TaskGetParams, TaskListParams, TaskUpdateParams } from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import type { Sparse } from './shared.js';

/** `rex.tasks`: to-dos linked to contacts, companies and deals [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Tasks extends Resource {
  static {
    define(Tasks, 'tasks', [
      TaskCreateParams, // create
      TaskListParams, // list
      TaskGetParams, // get
      TaskUpdateParams, // update
      0, // delete
    ]);
  }
}

export interface Tasks {
  /**
   * Creates a task (`POST /tasks`). Not retried after a 5xx or a timeout.
   * @example
   * await rex.tasks.create({ title: 'Send the proposal', deal_id, due_at: '2026-12-10T09:00:00Z', priority: 'high' });
   */
  create(params: TaskCreateParams, options?: RequestOptions): RexPromise<Task>;

  /** Lists tasks (`GET /tasks`), filtered by status, priority, contact, company, deal, owner or due date. */
  list<P extends TaskListParams = TaskListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Task, P>>;

  /**
   * Fetches a task (`GET /tasks/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends TaskGetParams = TaskGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Task, P>>;

  /** Updates a task (`PATCH /tasks/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: TaskUpdateParams, options?: RequestOptions): RexPromise<Task>;

  /** Deletes a task (`DELETE /tasks/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;
}

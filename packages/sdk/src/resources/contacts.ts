import type { Activity, Contact, Deal, Deleted, Task } from '@rex/types';
import {
  ActivityListParams,
  ContactCreateParams,
  ContactGetParams,
  ContactListParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
  DealListParams,
  TaskListParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import { type Sparse, type Upserted, upserted } from './shared.js';

/** `rex.contacts`: the people tracked through the go-to-market process [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Contacts extends Resource {
  static {
    define(Contacts, 'contacts', [
      ContactCreateParams, // create
      ContactListParams, // list
      [ContactUpsertParams, upserted], // upsert
      ContactMergeParams, // merge
      ContactGetParams, // get
      ContactUpdateParams, // update
      0, // delete
      DealListParams, // listDeals
      ActivityListParams, // listActivities
      TaskListParams, // listTasks
    ]);
  }
}

export interface Contacts {
  /**
   * Creates a contact (`POST /contacts`). Never retried after a 5xx or a timeout, since the
   * first attempt may have created it; use {@link Contacts.upsert} for a call safe to repeat.
   * @throws {ConflictError} when another contact holds the email (`existingId` names it)
   * @example
   * const contact = await rex.contacts.create({ email: 'ada@example.com', first_name: 'Ada' });
   */
  create(params: ContactCreateParams, options?: RequestOptions): RexPromise<Contact>;

  /**
   * Lists contacts (`GET /contacts`), newest first unless `sort` says otherwise.
   * @example
   * const page = await rex.contacts.list({ stage: 'lead', limit: 100 });
   * for await (const contact of rex.contacts.list({ stage: 'lead' })) console.log(contact.email);
   */
  list<P extends ContactListParams = ContactListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Contact, P>>;

  /**
   * Fetches a contact (`GET /contacts/:id`); `fields` narrows the result, `include: ['company']`
   * embeds its company.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends ContactGetParams = ContactGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Contact, P>>;

  /**
   * Updates a contact (`PATCH /contacts/:id`): omitted fields stay, `null` clears a field,
   * `metadata` merges at the top level.
   */
  update(id: string, params: ContactUpdateParams, options?: RequestOptions): RexPromise<Contact>;

  /** Deletes a contact (`DELETE /contacts/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;

  /**
   * Creates or updates the contact with this email (`POST /contacts/upsert`); safe to retry.
   * @example
   * const { data, created } = await rex.contacts.upsert({ email: 'ada@example.com', title: 'CTO' });
   */
  upsert(params: ContactUpsertParams, options?: RequestOptions): RexPromise<Upserted<Contact>>;

  /**
   * Merges duplicates into a primary contact (`POST /contacts/merge`) [Rex] — their values fill
   * the primary's empty fields in order, then they are deleted. Resolves to the merged contact.
   */
  merge(params: ContactMergeParams, options?: RequestOptions): RexPromise<Contact>;

  /** Lists a contact's deals (`GET /contacts/:id/deals`), with the same query as the top-level list. */
  listDeals<P extends DealListParams = DealListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>>;

  /** Lists the activities logged on a contact (`GET /contacts/:id/activities`), with the same query as the top-level list. */
  listActivities<P extends ActivityListParams = ActivityListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Activity, P>>;

  /** Lists a contact's tasks (`GET /contacts/:id/tasks`), with the same query as the top-level list. */
  listTasks<P extends TaskListParams = TaskListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Task, P>>;
}

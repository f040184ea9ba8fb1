import type { Company, Contact, Deal, Deleted } from '@rex/types';
import {
  CompanyCreateParams,
  CompanyGetParams,
  CompanyListParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  ContactListParams,
  DealListParams,
} from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import { type Sparse, type Upserted, upserted } from './shared.js';

/** `rex.companies`: the organisations contacts belong to [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Companies extends Resource {
  static {
    define(Companies, 'companies', [
      CompanyCreateParams, // create
      CompanyListParams, // list
      [CompanyUpsertParams, upserted], // upsert
      CompanyGetParams, // get
      CompanyUpdateParams, // update
      0, // delete
      ContactListParams, // listContacts
      DealListParams, // listDeals
    ]);
  }
}

export interface Companies {
  /**
   * Creates a company (`POST /companies`). Never retried after a 5xx or a timeout; use
   * {@link Companies.upsert} for a call safe to repeat.
   * @throws {ConflictError} when another company holds the domain (`existingId` names it)
   * @example
   * const acme = await rex.companies.create({ name: 'Acme', domain: 'https://www.acme.com' });
   */
  create(params: CompanyCreateParams, options?: RequestOptions): RexPromise<Company>;

  /** Lists companies (`GET /companies`), newest first unless `sort` says otherwise. */
  list<P extends CompanyListParams = CompanyListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Company, P>>;

  /** Fetches a company (`GET /companies/:id`); `fields` narrows the result. */
  get<P extends CompanyGetParams = CompanyGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Company, P>>;

  /** Updates a company (`PATCH /companies/:id`): omitted fields stay, `null` clears a field. */
  update(id: string, params: CompanyUpdateParams, options?: RequestOptions): RexPromise<Company>;

  /** Deletes a company (`DELETE /companies/:id`); its contacts stay, with `company_id: null` [Rex]. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;

  /**
   * Creates or updates the company with this domain (`POST /companies/upsert`); creating one
   * also needs `name`. Safe to retry.
   */
  upsert(params: CompanyUpsertParams, options?: RequestOptions): RexPromise<Upserted<Company>>;

  /** Lists a company's contacts (`GET /companies/:id/contacts`) [Rex], with the contact filters. */
  listContacts<P extends ContactListParams = ContactListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Contact, P>>;

  /** Lists a company's deals (`GET /companies/:id/deals`), with the same query as the top-level list. */
  listDeals<P extends DealListParams = DealListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>>;
}

import type { Company, Contact, Deal, Deleted } from '@rex/types';
import {
  CompanyCreateParams,
  CompanyGetParams,
  CompanyListParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  ContactListParams,
  DealListParams,
  ROUTES,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { type Sparse, type Upserted, upserted } from './shared.js';

/** `rex.companies`: the organisations contacts belong to [Rex]. */
export class Companies {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a company (`POST /companies`). Never retried after a 5xx or a timeout; use
   * {@link Companies.upsert} for a call safe to repeat.
   * @throws {ConflictError} when another company holds the domain (`existingId` names it)
   * @example
   * const acme = await rex.companies.create({ name: 'Acme', domain: 'https://www.acme.com' });
   */
  create(params: CompanyCreateParams, options?: RequestOptions): RexPromise<Company> {
    return this.#call({
      route: ROUTES['companies.create'],
      body: params,
      schema: CompanyCreateParams,
      options,
    });
  }

  /** Lists companies (`GET /companies`), newest first unless `sort` says otherwise. */
  list<P extends CompanyListParams = CompanyListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Company, P>> {
    return paginate(this.#call, {
      route: ROUTES['companies.list'],
      query: params,
      schema: CompanyListParams,
      options,
    });
  }

  /** Fetches a company (`GET /companies/:id`); `fields` narrows the result. */
  get<P extends CompanyGetParams = CompanyGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Company, P>> {
    return this.#call({
      route: ROUTES['companies.get'],
      pathParams: { id },
      query: params,
      schema: CompanyGetParams,
      options,
    });
  }

  /** Updates a company (`PATCH /companies/:id`): omitted fields stay, `null` clears a field. */
  update(id: string, params: CompanyUpdateParams, options?: RequestOptions): RexPromise<Company> {
    return this.#call({
      route: ROUTES['companies.update'],
      pathParams: { id },
      body: params,
      schema: CompanyUpdateParams,
      options,
    });
  }

  /** Deletes a company (`DELETE /companies/:id`); its contacts stay, with `company_id: null` [Rex]. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['companies.delete'], pathParams: { id }, options });
  }

  /**
   * Creates or updates the company with this domain (`POST /companies/upsert`); creating one
   * also needs `name`. Safe to retry.
   */
  upsert(params: CompanyUpsertParams, options?: RequestOptions): RexPromise<Upserted<Company>> {
    return this.#call({
      route: ROUTES['companies.upsert'],
      body: params,
      schema: CompanyUpsertParams,
      map: upserted<Company>,
      options,
    });
  }

  /** Lists a company's contacts (`GET /companies/:id/contacts`) [Rex], with the contact filters. */
  listContacts<P extends ContactListParams = ContactListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Contact, P>> {
    return paginate(this.#call, {
      route: ROUTES['companies.listContacts'],
      pathParams: { id },
      query: params,
      schema: ContactListParams,
      options,
    });
  }

  /** Lists a company's deals (`GET /companies/:id/deals`), with the same query as the top-level list. */
  listDeals<P extends DealListParams = DealListParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Deal, P>> {
    return paginate(this.#call, {
      route: ROUTES['companies.listDeals'],
      pathParams: { id },
      query: params,
      schema: DealListParams,
      options,
    });
  }
}

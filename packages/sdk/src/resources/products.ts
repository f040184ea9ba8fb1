import type { Deleted, Product } from '@rex/types';
import {
  ProductCreateParams,
  ProductGetParams,
  ProductListParams,
  ProductUpdateParams,
  ROUTES,
} from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import type { Sparse } from './shared.js';

/** `rex.products`: what you sell; a `slug` is unique per org [Rex]. */
export class Products {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Creates a product (`POST /products`); a taken `slug` is a `ConflictError`. Not retried after a 5xx or a timeout.
   * @example
   * await rex.products.create({ name: 'Pro plan', slug: 'pro', price: 4_900 });
   */
  create(params: ProductCreateParams, options?: RequestOptions): RexPromise<Product> {
    return this.#call({
      route: ROUTES['products.create'],
      body: params,
      schema: ProductCreateParams,
      options,
    });
  }

  /** Lists products (`GET /products`), filtered by `is_active`. */
  list<P extends ProductListParams = ProductListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Product, P>> {
    return paginate(this.#call, {
      route: ROUTES['products.list'],
      query: params,
      schema: ProductListParams,
      options,
    });
  }

  /**
   * Fetches a product (`GET /products/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends ProductGetParams = ProductGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Product, P>> {
    return this.#call({
      route: ROUTES['products.get'],
      pathParams: { id },
      query: params,
      schema: ProductGetParams,
      options,
    });
  }

  /** Updates a product (`PATCH /products/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: ProductUpdateParams, options?: RequestOptions): RexPromise<Product> {
    return this.#call({
      route: ROUTES['products.update'],
      pathParams: { id },
      body: params,
      schema: ProductUpdateParams,
      options,
    });
  }

  /** Deletes a product (`DELETE /products/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted> {
    return this.#call({ route: ROUTES['products.delete'], pathParams: { id }, options });
  }
}

import type { Deleted, Product } from '@rex/types';
import { ProductCreateParams, ProductGetParams, ProductListParams, ProductUpdateParams } from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions, RexPromise } from '../types.js';
import { define, Resource } from './resource.js';
import type { Sparse } from './shared.js';

/** `rex.products`: what you sell; a `slug` is unique per org [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Products extends Resource {
  static {
    define(Products, 'products', [
      ProductCreateParams, // create
      ProductListParams, // list
      ProductGetParams, // get
      ProductUpdateParams, // update
      0, // delete
    ]);
  }
}

export interface Products {
  /**
   * Creates a product (`POST /products`); a taken `slug` is a `ConflictError`. Not retried after a 5xx or a timeout.
   * @example
   * await rex.products.create({ name: 'Pro plan', slug: 'pro', price: 4_900 });
   */
  create(params: ProductCreateParams, options?: RequestOptions): RexPromise<Product>;

  /** Lists products (`GET /products`), filtered by `is_active`. */
  list<P extends ProductListParams = ProductListParams>(
    params?: P,
    options?: RequestOptions,
  ): PagePromise<Sparse<Product, P>>;

  /**
   * Fetches a product (`GET /products/:id`); `fields` narrows the result.
   * @throws {NotFoundError} for an unknown id or one of another org
   */
  get<P extends ProductGetParams = ProductGetParams>(
    id: string,
    params?: P,
    options?: RequestOptions,
  ): RexPromise<Sparse<Product, P>>;

  /** Updates a product (`PATCH /products/:id`): omitted fields stay, `null` clears a field, `metadata` merges. */
  update(id: string, params: ProductUpdateParams, options?: RequestOptions): RexPromise<Product>;

  /** Deletes a product (`DELETE /products/:id`); deleting it again is a `NotFoundError`. */
  delete(id: string, options?: RequestOptions): RexPromise<Deleted>;
}

import * as z from 'zod/mini';
import { Metadata, NullableText, withJsonSchema } from './common.js';
import {
  BooleanInput,
  CentsInput,
  CurrencyInput,
  createBody,
  LimitParam,
  NonBlank,
  nameList,
  sortEnum,
  updateBody,
} from './fields.js';
import { defineResource } from './resource.js';

/** Something an org sells [Rex]. */
export const Product = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `prod_` prefix. */
    id: z.string(),
    name: z.string(),
    /** URL-safe name, unique per org. */
    slug: z.string(),
    description: z.nullable(z.string()),
    /** Price in cents. */
    price: z.nullable(z.number()),
    /** ISO 4217 code; `USD` unless set. */
    currency: z.string(),
    /** `true` unless set. */
    is_active: z.boolean(),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }))();
/** A product [Rex]. */
export interface Product extends z.infer<typeof Product> {}

/** Every field of a product, in the order Rex returns them. */
export const PRODUCT_FIELDS = [
  'id',
  'name',
  'slug',
  'description',
  'price',
  'currency',
  'is_active',
  'metadata',
  'created_at',
  'updated_at',
] as const;

/** A slug: lowercase letters and digits in words joined by `-` (ours). */
const Slug = /* @__PURE__ */ withJsonSchema(
  z
    .string()
    .check(
      z.refine(
        (slug) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug),
        'must be lowercase letters and digits joined by -',
      ),
    ),
  { type: 'string' },
);

const writable = {
  description: NullableText,
  price: /* @__PURE__ */ z.optional(z.nullable(CentsInput)),
  currency: /* @__PURE__ */ z.optional(CurrencyInput),
  is_active: /* @__PURE__ */ z.optional(BooleanInput),
};

/** Body of `POST /products`: `name` and `slug` are required; `slug` is unique per org. */
export const ProductCreateParams = /* @__PURE__ */ createBody({ name: NonBlank, slug: Slug }, writable);
/** Body of `POST /products`. */
export interface ProductCreateParams extends z.input<typeof ProductCreateParams> {}

/** Body of `PATCH /products/:id`. */
export const ProductUpdateParams = /* @__PURE__ */ updateBody({ name: NonBlank, slug: Slug }, writable);
/** Body of `PATCH /products/:id`. */
export interface ProductUpdateParams extends z.input<typeof ProductUpdateParams> {}

/** Fields a product list can be sorted by. */
export const PRODUCT_SORT_FIELDS = ['created_at', 'updated_at', 'name', 'slug'] as const;
/** Query of `GET /products` (products embed nothing: no `include`). */
export const ProductListParams = /* @__PURE__ */ z.strictObject({
  limit: LimitParam,
  cursor: z.optional(z.string()),
  sort: z.optional(sortEnum(PRODUCT_SORT_FIELDS)),
  is_active: z.optional(BooleanInput),
  fields: z.optional(nameList(PRODUCT_FIELDS)),
});
/** Query of `GET /products`. */
export interface ProductListParams extends z.input<typeof ProductListParams> {}

/** Query of `GET /products/:id`. */
export const ProductGetParams = /* @__PURE__ */ z.strictObject({
  fields: z.optional(nameList(PRODUCT_FIELDS)),
});
/** Query of `GET /products/:id`. */
export interface ProductGetParams extends z.input<typeof ProductGetParams> {}

/** Products as the server sees them: `slug` unique per org. */
export const PRODUCTS = /* @__PURE__ */ defineResource({
  name: 'product',
  plural: 'products',
  title: 'Product',
  prefix: 'prod',
  fields: PRODUCT_FIELDS,
  sortFields: PRODUCT_SORT_FIELDS,
  defaults: { currency: 'USD', is_active: true },
  unique: [{ fields: ['slug'] }],
  filters: { is_active: { kind: 'eq' } },
  schemas: { record: Product, create: ProductCreateParams },
});

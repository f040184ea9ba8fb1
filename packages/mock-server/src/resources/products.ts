import { crudOperations } from '../operations/crud.js';
import type { Operations } from '../operations/types.js';

/** The mock's products: the generic operations (`slug` is unique by declaration). */
export const PRODUCT_OPERATIONS = crudOperations('products', [
  'create',
  'list',
  'get',
  'update',
  'delete',
]) satisfies Partial<Operations>;

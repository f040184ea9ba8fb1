import { crudOperations } from '../operations/crud.js';
import type { Operations } from '../operations/types.js';

/** The mock's companies: the generic operations. */
export const COMPANY_OPERATIONS = crudOperations('companies', [
  'create',
  'list',
  'get',
  'update',
  'delete',
  'upsert',
]) satisfies Partial<Operations>;

import { crud } from '../operations/crud.js';
import type { Operations } from '../operations/types.js';

const companies = crud('companies');

/** The mock's companies: the generic operations. */
export const COMPANY_OPERATIONS = {
  'companies.create': companies.create,
  'companies.list': companies.list,
  'companies.get': companies.get,
  'companies.update': companies.update,
  'companies.delete': companies.delete,
  'companies.upsert': companies.upsert,
} satisfies Partial<Operations>;

import { crudOperations, nestedList } from '../operations/crud.js';
import type { Operations } from '../operations/types.js';

/** The mock's activities: the generic operations and a contact's activities. */
export const ACTIVITY_OPERATIONS = {
  ...crudOperations('activities', ['create', 'list', 'get', 'update', 'delete']),
  'contacts.listActivities': nestedList('contacts', 'activities', 'contact_id'),
} satisfies Partial<Operations>;

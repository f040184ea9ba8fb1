import type { ResourceHooks } from '../engine/store.js';
import { crudOperations, nestedList } from '../operations/crud.js';
import type { Operations } from '../operations/types.js';

/** `completed_at` is set when `status` becomes `completed`, and cleared when it leaves it [Rex]. */
export const TASK_HOOKS: ResourceHooks = {
  prepare(draft, { current, time }) {
    if (draft.status !== 'completed') draft.completed_at = null;
    else if (current?.status !== 'completed') draft.completed_at = time;
  },
};

/** The mock's tasks: the generic operations and a contact's tasks. */
export const TASK_OPERATIONS = {
  ...crudOperations('tasks', ['create', 'list', 'get', 'update', 'delete']),
  'contacts.listTasks': nestedList('contacts', 'tasks', 'contact_id'),
} satisfies Partial<Operations>;

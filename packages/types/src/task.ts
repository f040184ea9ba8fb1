import * as z from 'zod/mini';
import { Metadata, NullableText, oneOf, openEnum, TimestampInput } from './common.js';
import { createBody, getQuery, listQuery, NonBlank, updateBody } from './fields.js';
import { defineResource } from './resource.js';

/** Task priorities [Rex]. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** Task states [Rex]. */
export const TASK_STATUSES = ['pending', 'completed', 'cancelled'] as const;

/** A to-do for a contact, company or deal [Rex]. */
export const Task = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `task_` prefix. */
    id: z.string(),
    title: z.string(),
    description: z.nullable(z.string()),
    contact_id: z.nullable(z.string()),
    company_id: z.nullable(z.string()),
    deal_id: z.nullable(z.string()),
    owner_id: z.nullable(z.string()),
    due_at: z.nullable(z.string()),
    /** `normal` unless set. */
    priority: openEnum(TASK_PRIORITIES),
    /** `pending` unless set. */
    status: openEnum(TASK_STATUSES),
    /** When the task became `completed`; `null` otherwise (read-only). */
    completed_at: z.nullable(z.string()),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }))();
/** A task [Rex]. */
export interface Task extends z.infer<typeof Task> {}

/** Every field of a task, in the order Rex returns them. */
export const TASK_FIELDS = [
  'id',
  'title',
  'description',
  'contact_id',
  'company_id',
  'deal_id',
  'owner_id',
  'due_at',
  'priority',
  'status',
  'completed_at',
  'metadata',
  'created_at',
  'updated_at',
] as const;

const writable = {
  description: NullableText,
  contact_id: NullableText,
  company_id: NullableText,
  deal_id: NullableText,
  owner_id: NullableText,
  due_at: /* @__PURE__ */ z.optional(z.nullable(TimestampInput)),
  priority: /* @__PURE__ */ z.optional(oneOf(TASK_PRIORITIES)),
  status: /* @__PURE__ */ z.optional(oneOf(TASK_STATUSES)),
};

/** Body of `POST /tasks`: `title` is required. */
export const TaskCreateParams = /* @__PURE__ */ createBody({ title: NonBlank }, writable);
/** Body of `POST /tasks`. */
export interface TaskCreateParams extends z.input<typeof TaskCreateParams> {}

/** Body of `PATCH /tasks/:id`; `status: "completed"` sets `completed_at`. */
export const TaskUpdateParams = /* @__PURE__ */ updateBody({ title: NonBlank }, writable);
/** Body of `PATCH /tasks/:id`. */
export interface TaskUpdateParams extends z.input<typeof TaskUpdateParams> {}

/** Fields a task list can be sorted by. */
export const TASK_SORT_FIELDS = ['created_at', 'updated_at', 'due_at'] as const;
/** Related records `include=` can embed in a task. */
export const TASK_INCLUDES = ['contact', 'company', 'deal'] as const;

/** Query of `GET /tasks` and the nested task lists [Rex filters]. */
export const TaskListParams = /* @__PURE__ */ listQuery(TASK_FIELDS, TASK_SORT_FIELDS, TASK_INCLUDES, {
  status: z.optional(oneOf(TASK_STATUSES)),
  priority: z.optional(oneOf(TASK_PRIORITIES)),
  contact_id: z.optional(z.string()),
  company_id: z.optional(z.string()),
  deal_id: z.optional(z.string()),
  owner_id: z.optional(z.string()),
  /** Only tasks due strictly before this instant. */
  due_before: z.optional(TimestampInput),
  /** Only tasks due strictly after this instant. */
  due_after: z.optional(TimestampInput),
});
/** Query of `GET /tasks`. */
export interface TaskListParams extends z.input<typeof TaskListParams> {}

/** Query of `GET /tasks/:id`. */
export const TaskGetParams = /* @__PURE__ */ getQuery(TASK_FIELDS, TASK_INCLUDES);
/** Query of `GET /tasks/:id`. */
export interface TaskGetParams extends z.input<typeof TaskGetParams> {}

/** Tasks as the server sees them; links cleared when their records are deleted. */
export const TASKS = /* @__PURE__ */ defineResource({
  name: 'task',
  plural: 'tasks',
  title: 'Task',
  prefix: 'task',
  fields: TASK_FIELDS,
  sortFields: TASK_SORT_FIELDS,
  defaults: { priority: 'normal', status: 'pending' },
  timestamps: ['due_at'],
  readOnly: ['completed_at'],
  filters: {
    status: { kind: 'eq' },
    priority: { kind: 'eq' },
    contact_id: { kind: 'eq' },
    company_id: { kind: 'eq' },
    deal_id: { kind: 'eq' },
    owner_id: { kind: 'eq' },
    due_before: { kind: 'before', field: 'due_at' },
    due_after: { kind: 'after', field: 'due_at' },
  },
  links: {
    contact_id: { to: 'contacts', as: 'contact', onDelete: 'nullify' },
    company_id: { to: 'companies', as: 'company', onDelete: 'nullify' },
    deal_id: { to: 'deals', as: 'deal', onDelete: 'nullify' },
  },
  schemas: { record: Task, create: TaskCreateParams },
});

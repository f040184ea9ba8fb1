import {
  ACTIVITIES,
  API_KEYS,
  COMPANIES,
  CONTACTS,
  DEALS,
  PIPELINES,
  PRODUCTS,
  type ResourceDeclaration,
  TASKS,
  WEBHOOKS,
} from '@rex/types';
import type { ResourceHooks } from '../engine/store.js';
import { list } from '../operations/render.js';
import type { Operations } from '../operations/types.js';
import { ACTIVITY_OPERATIONS } from './activities.js';
import { API_KEY_HOOKS, API_KEY_OPERATIONS } from './api-keys.js';
import { COMPANY_OPERATIONS } from './companies.js';
import { CONTACT_OPERATIONS } from './contacts.js';
import { DEAL_HOOKS, DEAL_OPERATIONS } from './deals.js';
import { PIPELINE_HOOKS, PIPELINE_OPERATIONS } from './pipelines.js';
import { PRODUCT_OPERATIONS } from './products.js';
import { TASK_HOOKS, TASK_OPERATIONS } from './tasks.js';
import { WEBHOOK_OPERATIONS } from './webhooks.js';

/** Every resource the mock stores, as declared in `@rex/types`. */
export const RESOURCES: readonly ResourceDeclaration[] = [
  COMPANIES,
  CONTACTS,
  PIPELINES,
  DEALS,
  ACTIVITIES,
  TASKS,
  PRODUCTS,
  API_KEYS,
  WEBHOOKS,
];

/** What some resources do beyond their declarations, by plural name. */
export const HOOKS: Readonly<Record<string, ResourceHooks>> = {
  pipelines: PIPELINE_HOOKS,
  deals: DEAL_HOOKS,
  tasks: TASK_HOOKS,
  apikeys: API_KEY_HOOKS,
};

/** One handler per route: the resources' operations and the event log. */
export const OPERATIONS: Operations = {
  ...CONTACT_OPERATIONS,
  ...COMPANY_OPERATIONS,
  ...PIPELINE_OPERATIONS,
  ...DEAL_OPERATIONS,
  ...ACTIVITY_OPERATIONS,
  ...TASK_OPERATIONS,
  ...PRODUCT_OPERATIONS,
  ...API_KEY_OPERATIONS,
  'events.list': ({ store, org, query }) => list(store.listEvents(org, query), (event) => event),
  ...WEBHOOK_OPERATIONS,
};

import { COMPANIES, CONTACTS, type ResourceDeclaration, WEBHOOKS } from '@rex/types';
import { list } from '../operations/render.js';
import type { Operations } from '../operations/types.js';
import { COMPANY_OPERATIONS } from './companies.js';
import { CONTACT_OPERATIONS } from './contacts.js';
import { WEBHOOK_OPERATIONS } from './webhooks.js';

/** Every resource the mock stores, as declared in `@rex/types`. */
export const RESOURCES: readonly ResourceDeclaration[] = [COMPANIES, CONTACTS, WEBHOOKS];

/** One handler per route: the resources' operations and the event log. */
export const OPERATIONS: Operations = {
  ...CONTACT_OPERATIONS,
  ...COMPANY_OPERATIONS,
  'events.list': ({ store, org, query }) => list(store.listEvents(org, query), (event) => event),
  ...WEBHOOK_OPERATIONS,
};

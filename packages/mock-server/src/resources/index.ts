import { COMPANIES, CONTACTS, type ResourceDeclaration } from '@rex/types';
import { list } from '../operations/render.js';
import type { Operations } from '../operations/types.js';
import { COMPANY_OPERATIONS } from './companies.js';
import { CONTACT_OPERATIONS } from './contacts.js';

/** Every resource the mock stores, as declared in `@rex/types`. */
export const RESOURCES: readonly ResourceDeclaration[] = [COMPANIES, CONTACTS];

/** One handler per route: the resources' operations and the event log. */
export const OPERATIONS: Operations = {
  ...CONTACT_OPERATIONS,
  ...COMPANY_OPERATIONS,
  'events.list': ({ store, org, query }) => list(store.listEvents(org, query), (event) => event),
};

import { Company, Contact, Event, isTypeId } from '@rex/types';
import { SnapshotError } from '../errors.js';
import type { OrgState } from './store.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that `input` is a snapshot `restore()` can load without corrupting the store: the
 * shape `snapshot()` returns, records that read as Rex records, ids with their prefixes, and
 * dedup keys and ids unique per org. Throws {@link SnapshotError} naming the first problem.
 */
export function checkSnapshot(input: unknown): Record<string, OrgState> {
  if (!isObject(input) || input.version !== 1 || !isObject(input.orgs)) {
    throw new SnapshotError('restore: expected a snapshot from snapshot() ({ version: 1, orgs })');
  }
  const orgs: Record<string, OrgState> = {};
  for (const [name, state] of Object.entries(input.orgs)) {
    const where = `restore: orgs.${name}`;
    if (
      !isObject(state) ||
      !Array.isArray(state.contacts) ||
      !Array.isArray(state.companies) ||
      !Array.isArray(state.events)
    ) {
      throw new SnapshotError(`${where} needs contacts, companies and events arrays`);
    }
    const ids = new Set<string>();
    const keys = new Set<string>();
    state.companies.forEach((company, i) => {
      if (!Company.safeParse(company).success || !isTypeId((company as Company).id, 'comp')) {
        throw new SnapshotError(`${where}.companies[${i}] is not a company`);
      }
      const { id, domain } = company as Company;
      if (ids.has(id) || (domain !== null && keys.has(`domain:${domain}`))) {
        throw new SnapshotError(`${where}.companies[${i}] repeats an id or a domain`);
      }
      ids.add(id);
      if (domain !== null) keys.add(`domain:${domain}`);
    });
    state.contacts.forEach((contact, i) => {
      if (!Contact.safeParse(contact).success || !isTypeId((contact as Contact).id, 'cont')) {
        throw new SnapshotError(`${where}.contacts[${i}] is not a contact`);
      }
      const { id, email } = contact as Contact;
      if (ids.has(id) || keys.has(`email:${email}`)) {
        throw new SnapshotError(`${where}.contacts[${i}] repeats an id or an email`);
      }
      ids.add(id);
      keys.add(`email:${email}`);
    });
    state.events.forEach((event, i) => {
      if (
        !Event.safeParse(event).success ||
        !isTypeId((event as Event).id, 'evt') ||
        ids.has((event as Event).id)
      ) {
        throw new SnapshotError(`${where}.events[${i}] is not an event`);
      }
      ids.add((event as Event).id);
    });
    orgs[name] = state as unknown as OrgState;
  }
  return orgs;
}

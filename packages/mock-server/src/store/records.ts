import type {
  Company,
  CompanyUpdateParams,
  Contact,
  ContactUpdateParams,
  EventType,
  Metadata,
} from '@rex/types';

/** A contact as stored: the wire shape without the `include=company` embed. */
export type ContactRecord = Omit<Contact, 'company'>;
/** A company as stored: the wire shape. */
export type CompanyRecord = Company;

/** An event as stored; `data` shares the immutable record it describes. */
export interface EventRecord {
  readonly id: string;
  readonly type: EventType;
  readonly timestamp: string;
  readonly data: ContactRecord | CompanyRecord | { readonly id: string };
}

export type ContactPatch = ContactUpdateParams;
export type CompanyPatch = CompanyUpdateParams;
export type { Metadata };

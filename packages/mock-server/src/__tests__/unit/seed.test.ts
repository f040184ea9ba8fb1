import { COMPANIES, CONTACTS } from '@rex/types';
import { describe, expect, it } from 'vitest';
import { applySeed, seedOrder } from '../../engine/seed.js';
import { checkSnapshot } from '../../engine/snapshot.js';
import { Store } from '../../engine/store.js';
import { SeedError, SnapshotError } from '../../errors.js';

const store = () =>
  new Store({
    resources: [CONTACTS, COMPANIES],
    ids: (() => {
      let n = 0;
      return (prefix: string) => `${prefix}_01h455vb4pex5vsknk084sn${String(++n).padStart(3, '0')}`;
    })(),
    now: () => new Date('2026-03-16T12:00:00.000Z'),
  });

describe('seedOrder', () => {
  it('puts every resource after the ones it links to', () => {
    expect(seedOrder([CONTACTS, COMPANIES]).map((d) => d.plural)).toEqual(['companies', 'contacts']);
  });
});

describe('applySeed', () => {
  it('loads records of every declared resource without events', () => {
    const s = store();
    const out = applySeed(s, 'o', {
      companies: [{ id: 'comp_01h455vb4pex5vsknk084sn02q', name: 'Acme' }],
      contacts: [{ email: 'a@x.com', company_id: 'comp_01h455vb4pex5vsknk084sn02q' }],
    });
    expect(out.contacts?.[0]?.company_id).toBe('comp_01h455vb4pex5vsknk084sn02q');
    expect(s.peek('o').events.size).toBe(0);
  });

  it('is all or nothing, naming the record and field', () => {
    const s = store();
    applySeed(s, 'o', { contacts: [{ email: 'keep@x.com' }] });
    const before = JSON.stringify(s.state('o'));
    expect(() => applySeed(s, 'o', { contacts: [{ email: 'new@x.com' }, { email: 'KEEP@x.com' }] })).toThrow(
      new SeedError('contacts[1].email', 'A contact with email keep@x.com already exists'),
    );
    expect(JSON.stringify(s.state('o'))).toBe(before);
    // Across resources too: the company seeded before the bad contact is taken out again.
    expect(() =>
      applySeed(s, 'o', {
        companies: [{ name: 'Gone', domain: 'gone.example' }],
        contacts: [{ email: 'new@x.com' }, { email: 'not an email' }],
      }),
    ).toThrow(SeedError);
    expect(JSON.stringify(s.state('o'))).toBe(before);
    // The dedup keys of the records taken out are free again.
    const again = applySeed(s, 'o', {
      companies: [{ name: 'Back', domain: 'gone.example' }],
      contacts: [{ email: 'new@x.com' }],
    });
    expect(again.contacts?.[0]?.email).toBe('new@x.com');
    expect(s.peek('o').collection('contacts').size).toBe(2);
    expect(() => applySeed(s, 'fresh', { deals: [] })).toThrow(SeedError);
    expect(s.has('fresh')).toBe(false);
  });
});

describe('checkSnapshot', () => {
  const contact = (email: string, id: string) => ({
    ...applySeed(store(), 'x', { contacts: [{ email: 'z@x.com' }] }).contacts?.[0],
    email,
    id,
  });

  it('refuses dedup keys that are not normalised or repeat up to case', () => {
    const a = contact('a@x.com', 'cont_01h455vb4pex5vsknk084sn02q');
    const b = contact('A@x.com', 'cont_01h455vb4pex5vsknk084sn03q');
    expect(() =>
      checkSnapshot({ version: 1, orgs: { o: { contacts: [a, b] } } }, [CONTACTS, COMPANIES]),
    ).toThrow(SnapshotError);
  });

  it('keeps an org named __proto__ and loads a missing resource as empty', () => {
    const input = JSON.parse('{"version":1,"orgs":{"__proto__":{"contacts":[],"events":[]}}}');
    const orgs = checkSnapshot(input, [CONTACTS, COMPANIES]);
    expect([...orgs.keys()]).toEqual(['__proto__']);
  });
});

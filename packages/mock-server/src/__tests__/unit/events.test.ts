import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../engine/errors.js';
import { EventLog, type EventRecord } from '../../engine/events.js';

const event = (n: number): EventRecord => ({
  id: `evt_${n}`,
  type: 'contact.created',
  timestamp: '2026-03-16T12:00:00.000Z',
  data: { id: `cont_${n}` },
});

describe('EventLog', () => {
  it('keeps the latest `retention` events, trimming in batches', () => {
    const log = new EventLog(8);
    for (let i = 0; i < 100; i++) log.push(event(i));
    expect(log.size).toBeLessThanOrEqual(9);
    expect(log.all().at(-1)?.id).toBe('evt_99');
  });

  it('resumes after a kept event and refuses a dropped or unknown one as 400', () => {
    const log = new EventLog(8);
    for (let i = 0; i < 20; i++) log.push(event(i));
    const oldest = log.all()[0]?.id as string;
    expect(log.all()[log.indexAfter(oldest, 'after')]?.id).toBe(log.all()[1]?.id);
    expect(() => log.indexAfter('evt_0', 'after')).toThrow(InvalidInput);
    expect(() => log.indexAfter('evt_nope', 'cursor')).toThrow(/`cursor` names no event/);
  });

  it('truncates back to a count and loads a list', () => {
    const log = new EventLog();
    log.load([event(1), event(2), event(3)]);
    log.truncate(1);
    expect(log.all().map((e) => e.id)).toEqual(['evt_1']);
    expect(() => log.indexAfter('evt_2', 'after')).toThrow(InvalidInput);
  });
});

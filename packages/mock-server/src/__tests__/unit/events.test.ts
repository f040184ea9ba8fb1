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
  it('keeps exactly the latest `retention` events after every push', () => {
    const log = new EventLog(8);
    for (let i = 0; i < 100; i++) {
      log.push(event(i));
      const kept = Array.from({ length: Math.min(i + 1, 8) }, (_, k) => `evt_${i - Math.min(i, 7) + k}`);
      expect(log.all().map((e) => e.id)).toEqual(kept);
      expect(log.size).toBe(kept.length);
      expect(log.at(0)?.id).toBe(kept[0]);
      expect(log.at(log.size - 1)?.id).toBe(`evt_${i}`);
      // The event that just left the window no longer resolves as a cursor.
      if (i >= 8) expect(() => log.indexAfter(`evt_${i - 8}`, 'after')).toThrow(InvalidInput);
      expect(log.at(log.indexAfter(kept[0] as string, 'after'))?.id).toBe(kept[1]);
    }
  });

  it('resumes after a kept event and refuses a dropped or unknown one as 400', () => {
    const log = new EventLog(8);
    for (let i = 0; i < 20; i++) log.push(event(i));
    const oldest = log.at(0)?.id as string;
    expect(log.at(log.indexAfter(oldest, 'after'))?.id).toBe(log.at(1)?.id);
    expect(() => log.indexAfter('evt_0', 'after')).toThrow(InvalidInput);
    expect(() => log.indexAfter('evt_nope', 'cursor')).toThrow(/`cursor` names no event/);
  });

  it('loads a list', () => {
    const log = new EventLog();
    log.load([event(1), event(2), event(3)]);
    expect(log.all().map((e) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(log.at(log.indexAfter('evt_2', 'after'))?.id).toBe('evt_3');
    expect(() => log.indexAfter('evt_4', 'after')).toThrow(InvalidInput);
  });
});

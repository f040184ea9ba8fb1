import type { EventType } from '@rex/types';
import { InvalidInput } from './errors.js';

/** An event as stored; `data` shares the immutable record it describes. */
export interface EventRecord {
  readonly id: string;
  readonly type: EventType;
  readonly timestamp: string;
  readonly data: { readonly id: string; readonly [field: string]: unknown };
}

/** How many events an org keeps by default (ours): older ones are dropped. */
export const EVENT_RETENTION = 100_000;

/**
 * One org's events, oldest first, keeping exactly the latest `retention` (SPEC §5). Each event
 * has a sequence number that never changes, so a cursor (an event id) stays valid while older
 * events drop off.
 *
 * A dropped event leaves the window at once (its id stops resolving, and reads skip it), but the
 * array behind the window is compacted in batches of an eighth of the retention, so a full log
 * does not pay a splice on every write.
 */
export class EventLog {
  private items: EventRecord[] = [];
  /** Index in `items` of the oldest kept event. */
  private head = 0;
  /** Sequence number of `items[0]`. */
  private base = 0;
  private readonly seq = new Map<string, number>();

  constructor(private readonly retention: number = EVENT_RETENTION) {}

  /** How many events are kept. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** The kept event at `index` (0 = the oldest kept). */
  at(index: number): EventRecord | undefined {
    return index < 0 ? undefined : this.items[this.head + index];
  }

  push(event: EventRecord): void {
    this.seq.set(event.id, this.base + this.items.length);
    this.items.push(event);
    if (this.size > this.retention) {
      this.seq.delete((this.items[this.head] as EventRecord).id);
      this.head++;
      if (this.head >= Math.max(1, Math.ceil(this.retention / 8))) this.compact();
    }
  }

  private compact(): void {
    this.items.splice(0, this.head);
    this.base += this.head;
    this.head = 0;
  }

  /**
   * The index (as {@link EventLog.at} counts) just after the event `id`; throws
   * {@link InvalidInput} for an id this log does not hold (unknown, another org's, or dropped).
   */
  indexAfter(id: string, param: string): number {
    const seq = this.seq.get(id);
    if (seq === undefined) {
      throw new InvalidInput(
        param,
        `\`${param}\` names no event this org still keeps (events older than the latest ${this.retention} are dropped)`,
      );
    }
    return seq - this.base - this.head + 1;
  }

  /** The kept events, oldest first (a copy when some have dropped off since the last compaction). */
  all(): readonly EventRecord[] {
    return this.head === 0 ? this.items : this.items.slice(this.head);
  }

  load(events: readonly EventRecord[]): void {
    this.items = [];
    this.head = 0;
    this.base = 0;
    this.seq.clear();
    for (const event of events) this.push(event);
  }
}

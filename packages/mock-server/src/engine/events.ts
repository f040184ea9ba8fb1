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
 * One org's events, oldest first, keeping the latest `retention`. Each event has a sequence
 * number that never changes, so a cursor (an event id) stays valid while older events drop off.
 */
export class EventLog {
  private items: EventRecord[] = [];
  /** Sequence number of `items[0]`. */
  private base = 0;
  private readonly seq = new Map<string, number>();

  constructor(private readonly retention: number = EVENT_RETENTION) {}

  get size(): number {
    return this.items.length;
  }

  push(event: EventRecord): void {
    this.seq.set(event.id, this.base + this.items.length);
    this.items.push(event);
    // Trimmed in batches, so a full log does not pay a splice on every write.
    if (this.items.length >= this.retention + Math.max(1, Math.ceil(this.retention / 8))) this.trim();
  }

  private trim(): void {
    const drop = this.items.length - this.retention;
    for (const event of this.items.slice(0, drop)) this.seq.delete(event.id);
    this.items.splice(0, drop);
    this.base += drop;
  }

  /** Keeps only the first `count` events (undoes a failed seed). */
  truncate(count: number): void {
    for (const event of this.items.slice(count)) this.seq.delete(event.id);
    this.items.length = count;
  }

  /**
   * The index in {@link EventLog.all} just after the event `id`; throws {@link InvalidInput} for
   * an id this log does not hold (unknown, another org's, or already dropped).
   */
  indexAfter(id: string, param: string): number {
    const seq = this.seq.get(id);
    if (seq === undefined) {
      throw new InvalidInput(
        param,
        `\`${param}\` names no event this org still keeps (events older than the latest ${this.retention} are dropped)`,
      );
    }
    return seq - this.base + 1;
  }

  all(): readonly EventRecord[] {
    return this.items;
  }

  load(events: readonly EventRecord[]): void {
    this.items = [];
    this.base = 0;
    this.seq.clear();
    for (const event of events) this.push(event);
  }
}

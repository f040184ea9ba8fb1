import { PAGE_SIZE, type WebhookDelivery, type WebhookDeliveryStatus } from '@rex/types';
import { decodeCursor, encodeCursor, querySignature } from '../engine/cursor.js';
import type { ListResult } from '../engine/store.js';
import { DELIVERY_POLICY } from './policy.js';

/** An event as a delivery carries it: a stored event, or a ping made for one subscription. */
export interface DeliveredEvent {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly data: unknown;
}

/** One event's delivery to one subscription, updated in place as attempts are made. */
export interface Delivery {
  readonly id: string;
  /** Creation order in the engine: deliveries are listed and paged by it. */
  readonly seq: number;
  readonly event: DeliveredEvent;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  readonly created_at: string;
  /** The body, serialised at the first attempt and sent unchanged by every retry. */
  body?: string;
}

/** A delivery as `GET /webhooks/:id/deliveries` answers it. */
export function toWire(delivery: Delivery): WebhookDelivery {
  return {
    id: delivery.id,
    event_id: delivery.event.id,
    event: delivery.event.type,
    status: delivery.status,
    attempts: delivery.attempts,
    response_status: delivery.response_status,
    last_error: delivery.last_error,
    next_attempt_at: delivery.next_attempt_at,
    created_at: delivery.created_at,
  };
}

/** Paging and the status filter of a deliveries list, as validated from the query. */
export interface DeliveryQuery {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  readonly status?: WebhookDeliveryStatus | undefined;
}

/**
 * The deliveries of one subscription: those still to send, in event order (the head is the one
 * being attempted), and the log the deliveries list reads, oldest first. The log keeps every
 * pending delivery and the latest finished ones (`DELIVERY_POLICY.keepFinished`).
 */
export class DeliveryLog {
  readonly queue: Delivery[] = [];
  private log: Delivery[] = [];
  private finished = 0;

  constructor(
    /** Tells one subscription's cursors from another's. */
    private readonly webhookId: string,
  ) {}

  /** Adds a delivery to the log and, while it is pending, to the end of the queue. */
  add(delivery: Delivery): void {
    this.log.push(delivery);
    if (delivery.status === 'pending') this.queue.push(delivery);
    else this.finish();
  }

  /** Takes the head off the queue once it is marked succeeded or failed. */
  shift(): void {
    this.queue.shift();
    this.finish();
  }

  /** Takes every pending delivery off the queue, marking each failed with `reason`; returns how many. */
  drop(reason: string): number {
    const dropped = this.queue.splice(0);
    for (const delivery of dropped) {
      delivery.status = 'failed';
      delivery.last_error = reason;
      delivery.next_attempt_at = null;
      this.finish();
    }
    return dropped.length;
  }

  // Counts a finished delivery; past the cap plus some slack, drops the oldest finished ones
  // in one pass, so a busy subscription does not pay a splice per delivery.
  private finish(): void {
    this.finished++;
    const { keepFinished } = DELIVERY_POLICY;
    if (this.finished <= keepFinished + Math.ceil(keepFinished / 10)) return;
    let excess = this.finished - keepFinished;
    this.log = this.log.filter((delivery) => {
      if (delivery.status === 'pending' || excess === 0) return true;
      excess--;
      return false;
    });
    this.finished = keepFinished;
  }

  /** A page of the log, newest first, after the cursor's delivery. */
  page(query: DeliveryQuery): ListResult<Delivery> {
    const signature = querySignature(['webhook_deliveries', this.webhookId, query.status ?? null]);
    let end = this.log.length;
    if (query.cursor !== undefined) {
      const seq = Number(decodeCursor(query.cursor, signature).value);
      // The log is in `seq` order: the first delivery at or after the cursor's ends the page.
      let low = 0;
      let high = this.log.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((this.log[mid] as Delivery).seq < seq) low = mid + 1;
        else high = mid;
      }
      end = low;
    }
    const limit = query.limit ?? PAGE_SIZE.default;
    const rows: Delivery[] = [];
    let hasMore = false;
    for (let i = end - 1; i >= 0; i--) {
      const delivery = this.log[i] as Delivery;
      if (query.status !== undefined && delivery.status !== query.status) continue;
      if (rows.length === limit) {
        hasMore = true;
        break;
      }
      rows.push(delivery);
    }
    const last = rows[rows.length - 1];
    const cursor = hasMore && last ? encodeCursor({ value: String(last.seq), id: last.id }, signature) : null;
    return { rows, hasMore, cursor };
  }
}

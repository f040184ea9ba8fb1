import type { Event } from '@rex/types';
import { EventListParams, ROUTES } from '@rex/types';
import type { Caller } from '../internal/request.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { RequestOptions } from '../types.js';

/** `rex.events`: the changes to contacts and companies of your org, oldest first [Rex]. */
export class Events {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  /**
   * Lists events (`GET /events`) after the event id `after`; the next page starts after the
   * last page's `cursor`. Narrow an event on `type` to get a typed `data`.
   * @example
   * for await (const event of rex.events.list({ after: lastSeenId })) handle(event);
   */
  list(params?: EventListParams, options?: RequestOptions): PagePromise<Event> {
    return paginate(
      this.#call,
      { route: ROUTES['events.list'], query: params, schema: EventListParams, options },
      'after',
    );
  }
}

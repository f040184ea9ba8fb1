import type { Event } from '@rex/types';
import { EventListParams } from '@rex/types';
import type { PagePromise } from '../pagination.js';
import type { RequestOptions } from '../types.js';
import { define, Resource } from './resource.js';

/** `rex.events`: the changes to contacts and companies of your org, oldest first [Rex]. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below declares the methods; Resource implements them all, from the specs given to `define`
export class Events extends Resource {
  static {
    define(Events, 'events', [
      [EventListParams, 'after'], // list
    ]);
  }
}

export interface Events {
  /**
   * Lists events (`GET /events`) after the event id `after`; the next page starts after the
   * last page's `cursor`. Narrow an event on `type` to get a typed `data`.
   * @example
   * for await (const event of rex.events.list({ after: lastSeenId })) handle(event);
   */
  list(params?: EventListParams, options?: RequestOptions): PagePromise<Event>;
}

import type { ListEnvelope } from '@rex/types';
import { RexError } from './errors.js';
import type { Caller } from './internal/request.js';
import type { RequestOptions, RexPromise } from './types.js';

/** One page of a list. */
export interface Page<T> {
  /** The items of this page. */
  data: T[];
  /** Whether more items follow: Rex's `meta.has_more`, the only signal to stop on [Rex]. */
  hasMore: boolean;
  /** Opaque cursor of the next page (`meta.cursor`); for events, the `after` to pass next. */
  cursor: string | null;
  /** Whether {@link Page.nextPage} has a page to fetch. */
  hasNextPage(): boolean;
  /** Fetches the next page with the same query and options; rejects when there is none. */
  nextPage(): Promise<Page<T>>;
}

/**
 * What `list` methods return: `await` it for the first page, or `for await` over it to walk
 * every item of every page.
 * @example
 * const page = await rex.contacts.list({ limit: 100 });
 * for await (const contact of rex.contacts.list({ stage: 'lead' })) console.log(contact.email);
 */
export interface PagePromise<T> extends RexPromise<Page<T>>, AsyncIterable<T> {}

/**
 * Lists `path` page after page. `cursorParam` is the query key the next page's cursor goes in:
 * `cursor` for contacts and companies, `after` for events.
 * @internal
 */
export function paginate<T>(
  call: Caller,
  path: string,
  params: object | undefined,
  options: RequestOptions | undefined,
  schema: Parameters<Caller>[4],
  cursorParam = 'cursor',
): PagePromise<T> {
  const load = (query: object | undefined): RexPromise<Page<T>> =>
    call('GET', path, query, options, schema, (body) => {
      const { data, meta } = body as ListEnvelope<T>;
      const { cursor, has_more: hasMore } = meta;
      return {
        data,
        hasMore,
        cursor,
        hasNextPage: () => hasMore,
        nextPage: () =>
          hasMore && cursor !== null
            ? load({ ...params, [cursorParam]: cursor })
            : Promise.reject(new RexError(`${hasMore ? 'Rex sent no cursor' : 'No next page'}: GET ${path}`)),
      };
    });
  const first = load(params) as PagePromise<T>;
  first[Symbol.asyncIterator] = async function* () {
    for (let page = await first; ; page = await page.nextPage()) {
      yield* page.data;
      if (!page.hasMore) return;
    }
  };
  return first;
}

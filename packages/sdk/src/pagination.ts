import { RexError } from './errors.js';
import { type Call, type Caller, isObject, unexpected } from './internal/request.js';
import type { RexPromise } from './types.js';

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
 * Reads a page in either shape Rex prints: `{data, meta: {cursor, has_more}}` [Rex] or the flat
 * `{data, has_more, next_cursor}` some of its pages show. Without `has_more`, a cursor means
 * there is more. Anything else is a `RexError` naming the endpoint.
 */
function readPage(
  body: unknown,
  where: string,
): { data: unknown[]; hasMore: boolean; cursor: string | null } {
  if (!isObject(body)) throw unexpected(where, 'a body that is not a list envelope');
  const { data, meta } = body;
  if (!Array.isArray(data)) throw unexpected(where, 'a list whose `data` is not an array');
  const page = isObject(meta) ? meta : undefined;
  const cursor = page?.cursor ?? body.next_cursor ?? body.cursor ?? null;
  const hasMore = page?.has_more ?? body.has_more;
  return {
    data,
    cursor: typeof cursor === 'string' ? cursor : null,
    hasMore: typeof hasMore === 'boolean' ? hasMore : typeof cursor === 'string',
  };
}

/**
 * Lists `spec`'s route page after page. `cursorParam` is the query key the next page's cursor
 * goes in: `cursor` for contacts and companies, `after` for events.
 * @internal
 */
export function paginate<T>(call: Caller, spec: Call<Page<T>>, cursorParam = 'cursor'): PagePromise<T> {
  const load = (query: object | undefined): RexPromise<Page<T>> =>
    call({
      ...spec,
      query,
      map: (body, _response, where) => {
        const { data, hasMore, cursor } = readPage(body, where);
        return {
          data: data as T[],
          hasMore,
          cursor,
          hasNextPage: () => hasMore,
          nextPage: () =>
            hasMore && cursor !== null
              ? load({ ...spec.query, [cursorParam]: cursor })
              : Promise.reject(new RexError(`${hasMore ? 'Rex sent no cursor' : 'No next page'}: ${where}`)),
        };
      },
    });
  const first = load(spec.query) as PagePromise<T>;
  first[Symbol.asyncIterator] = async function* () {
    for (let page = await first; ; page = await page.nextPage()) {
      yield* page.data;
      if (!page.hasMore) return;
    }
  };
  return first;
}

import { HttpResponse, http, type RequestHandler } from 'msw';

/**
 * The MSW handler that passes every request under `baseUrl` to `handle`: one catch-all, so
 * routing (and its 404s) stays in the pipeline and the route table.
 *
 * Its path is a RegExp (the base URL itself, or anything below it) rather than MSW's string
 * pattern: MSW compiles a string pattern again on every request it matches, and a second
 * handler for the bare base URL would double that; a RegExp is used as it is.
 * @param baseUrl - Origin and optional path prefix, without a trailing slash.
 * @param handle - The mock's Fetch-API handler.
 */
export function createHandlers(
  baseUrl: string,
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  // Request URLs arrive normalised (lower-case host, no default port), so the base is too.
  const { origin, pathname } = new URL(baseUrl);
  const base = origin + pathname.replace(/\/+$/, '');
  const under = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/.*)?$`);
  return [
    http.all(under, async ({ request }) => {
      const response = await handle(request);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];
}

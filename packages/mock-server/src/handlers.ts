import { HttpResponse, http, type RequestHandler } from 'msw';

/**
 * MSW handlers that pass every request under `baseUrl` to `handle`: a catch-all, so routing
 * (and its 404s) stays in the pipeline and the route table.
 * @param baseUrl - Origin and optional path prefix, without a trailing slash.
 * @param handle - The mock's Fetch-API handler.
 */
export function createHandlers(
  baseUrl: string,
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  const resolver = async ({ request }: { request: Request }) => {
    const response = await handle(request);
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  return [http.all(baseUrl, resolver), http.all(`${baseUrl}/*`, resolver)];
}

import type { MockRequest, MockResponse } from '../stages/compose.js';

/** Reads a Fetch body, stopping one byte past `limit`. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size <= limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  // Not awaited: some bodies (MSW's interceptor) settle a cancel only once fully read.
  if (size > limit) reader.cancel().catch(() => {});
  // The usual body arrives in one chunk: handed over as it is, without a copy.
  if (chunks.length === 1 && size <= limit) return chunks[0] as Uint8Array;
  const out = new Uint8Array(Math.min(size, limit + 1));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - offset);
    out.set(part, offset);
    offset += part.length;
    if (offset >= out.length) break;
  }
  return out;
}

/**
 * The path (percent-encoded, as `URL#pathname` gives it) and the query (without `?`) of an
 * absolute URL as a `Request` serialises it, read without building a `URL` (ours: one less
 * object per request; the serialised form is already normalised).
 */
export function splitUrl(url: string): { path: string; search: string } {
  const scheme = url.indexOf('://');
  const hash = url.indexOf('#');
  const end = hash === -1 ? url.length : hash;
  const slash = scheme === -1 ? -1 : url.indexOf('/', scheme + 3);
  if (slash === -1 || slash > end) {
    const q = url.indexOf('?');
    return { path: '/', search: q === -1 || q > end ? '' : url.slice(q + 1, end) };
  }
  const q = url.indexOf('?', slash);
  if (q === -1 || q > end) return { path: url.slice(slash, end), search: '' };
  return { path: url.slice(slash, q), search: url.slice(q + 1, end) };
}

/** The pipeline's view of a Fetch `Request` (MSW, `mock.handle`). */
export function fromFetchRequest(request: Request): MockRequest {
  const { path, search } = splitUrl(request.url);
  return {
    method: request.method.toUpperCase(),
    path,
    search,
    header: (name) => request.headers.get(name),
    body: (limit) => readLimited(request, limit),
  };
}

/** A Fetch `Response` for the pipeline's answer; `Response.error()` for a network fault. */
export function toFetchResponse(res: MockResponse): Response {
  if (res.networkError) return Response.error();
  return new Response(res.body, { status: res.status, headers: res.headers });
}

import type { Stage } from './compose.js';
import { apiError } from './errors.js';

/** Largest API request body accepted: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * Reads a JSON body, as text and parsed, refusing one over `limit` bytes (413) and one that is
 * not JSON (400).
 */
export async function readJsonBody(
  ctx: Parameters<Stage>[0],
  limit: number,
  describe: string,
): Promise<unknown> {
  const declared = Number(ctx.req.header('content-length'));
  const tooLarge = () =>
    apiError('payload_too_large', `The request body is larger than ${limit} bytes (${describe})`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const bytes = await ctx.req.body(limit);
  if (bytes.byteLength > limit) throw tooLarge();
  const text = decoder.decode(bytes);
  ctx.text = text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw apiError(
      'validation_error',
      bytes.byteLength === 0
        ? 'The request body is empty; send a JSON object'
        : 'The request body is not valid JSON',
    );
  }
}

/** Reads the body of a route that takes one (at most 1 MiB). */
export const body: Stage = async (ctx, next) => {
  if (ctx.route?.endpoint.body) ctx.body = await readJsonBody(ctx, MAX_BODY_BYTES, '1 MiB');
  return next();
};

import type { Stage } from './compose.js';
import { apiError, HttpError } from './errors.js';
import type { Router } from './router.js';

/** A document served without a key (the OpenAPI documents): its text and content type. */
export interface Document {
  body: string;
  type: string;
}

/**
 * Finds the endpoint of the request. An unknown path is a 404; a known path with another
 * method a 405 naming the methods it has in `Allow`.
 */
export function createRouteStage(router: Router, documents: ReadonlyMap<string, () => Document>): Stage {
  return (ctx, next) => {
    if (ctx.method === 'GET') {
      const document = documents.get(ctx.path)?.();
      if (document) {
        ctx.res = { status: 200, headers: { 'content-type': document.type }, body: document.body };
        return;
      }
    }
    const result = router.match(ctx.method, ctx.path);
    if (result.match) {
      ctx.route = result.match;
      return next();
    }
    const where = `${ctx.req.method} ${ctx.path}`;
    if (result.allowed) {
      const allow = (result.allowed.includes('GET') ? [...result.allowed, 'HEAD'] : result.allowed).sort();
      throw new HttpError(
        405,
        {
          code: 'method_not_allowed',
          message: `Method not allowed: ${where} (allowed: ${allow.join(', ')})`,
        },
        { allow: [...allow, 'OPTIONS'].join(', ') },
      );
    }
    throw apiError('not_found', `Route not found: ${where}`);
  };
}

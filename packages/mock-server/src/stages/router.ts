import { ENDPOINTS, type Endpoint } from '@rex/types';

/** A route found for a request: its endpoint and the path parameters, decoded. */
export interface RouteMatch {
  endpoint: Endpoint;
  params: Record<string, string>;
}

/** What the router says about a request: a route, the methods the path has, or nothing. */
export type RouteResult =
  | { match: RouteMatch }
  | { match: undefined; allowed: string[] }
  | { match: undefined; allowed: undefined };

/** A path segment: a literal, or the name of a parameter (`{id}` → `id`). */
type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  endpoint: Endpoint;
  segments: readonly Segment[];
  literals: number;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Matches requests against the `ENDPOINTS` table of `@rex/types`, so the mock's routes are the
 * OpenAPI document's routes. Literal segments beat parameters (`/contacts/upsert` is not an id).
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(endpoints: readonly Endpoint[] = ENDPOINTS) {
    this.routes = endpoints
      .map((endpoint) => {
        const segments = endpoint.path
          .split('/')
          .slice(1)
          .map(
            (s): Segment =>
              s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s },
          );
        return { endpoint, segments, literals: segments.filter((s) => 'literal' in s).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  private matchPath(route: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
    if (route.segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const segment = route.segments[i] as Segment;
      const part = parts[i] as string;
      if ('param' in segment) {
        if (part === '') return undefined;
        params[segment.param] = decodeSegment(part);
      } else if (segment.literal !== part) return undefined;
    }
    return params;
  }

  /**
   * The endpoint for `method` and `path`; when the path exists with other methods only, those
   * methods (for a 405 with `Allow`).
   */
  match(method: string, path: string): RouteResult {
    const parts = path.split('/').slice(1);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = this.matchPath(route, parts);
      if (!params) continue;
      if (route.endpoint.method === method) return { match: { endpoint: route.endpoint, params } };
      allowed.add(route.endpoint.method);
    }
    return allowed.size > 0
      ? { match: undefined, allowed: [...allowed].sort() }
      : { match: undefined, allowed: undefined };
  }
}

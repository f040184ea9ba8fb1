import { ENDPOINTS, type Endpoint } from '@rex/types';

/** A route found for a request: its endpoint and the `{id}` segment, if any. */
export interface RouteMatch {
  endpoint: Endpoint;
  id: string | undefined;
}

interface CompiledRoute {
  endpoint: Endpoint;
  segments: readonly string[];
  literals: number;
}

/**
 * Matches requests against the `ENDPOINTS` table of `@rex/types`, so the mock's routes are the
 * OpenAPI document's routes. Literal segments beat `{id}` (`/contacts/upsert` is not an id).
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(endpoints: readonly Endpoint[] = ENDPOINTS) {
    this.routes = endpoints
      .map((endpoint) => {
        const segments = endpoint.path.split('/').slice(1);
        return { endpoint, segments, literals: segments.filter((s) => s !== '{id}').length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  /** The endpoint for `method` and `path`; `undefined` for an unknown route or method. */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').slice(1);
    for (const route of this.routes) {
      if (route.endpoint.method !== method || route.segments.length !== parts.length) continue;
      let id: string | undefined;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i];
        const part = parts[i] as string;
        if (segment === '{id}') {
          if (part === '') {
            ok = false;
            break;
          }
          id = decodeSegment(part);
        } else if (segment !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { endpoint: route.endpoint, id };
    }
    return undefined;
  }
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

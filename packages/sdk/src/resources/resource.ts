import { type OperationId, ROUTES, type Route } from '@rex/types';
import type { Call, Caller, Mapper, Schema } from '../internal/request.js';
import { paginate } from '../pagination.js';

/**
 * What a resource method needs beside its route: the schema its params are checked with, or `0`
 * when it takes none; in a pair, also how the answer becomes the result (a `map`, such as
 * `upserted`) or, for a list, the query key of the next page's cursor (`after` for events;
 * `cursor` otherwise).
 */
export type MethodSpec = Schema | 0 | readonly [schema: Schema, how: Mapper<unknown> | string];

/** The methods a resource class declares. */
type Declared<C> = Exclude<keyof C, keyof Resource> & string;

/**
 * `unknown` when `C` declares one method per route of resource `R` (`contacts.get` for
 * `Contacts.get`) and no other, `never` otherwise: the resource name then does not compile.
 */
type OnePerRoute<C, R extends string> = [`${R}.${Declared<C>}`] extends [OperationId]
  ? [Extract<OperationId, `${R}.${string}`>] extends [`${R}.${Declared<C>}`]
    ? unknown
    : never
  : never;

let define: <C extends Resource, R extends string>(
  cls: abstract new (call: Caller) => C,
  resource: R & OnePerRoute<C, R>,
  specs: readonly MethodSpec[],
) => void;

/**
 * What every resource class (`rex.contacts`, `rex.deals`, …) is: the client's caller, and one
 * implementation for all of their methods. A method's arguments follow its route: the route's
 * path parameters in order (`id`, then `stageId` for `deleteStage`), then the params when it
 * takes any (the query of a GET, the body otherwise), then the request options. GET routes that
 * do not end in a path parameter are lists: they answer a `PagePromise`.
 * @internal
 */
export class Resource {
  readonly #call: Caller;

  /** @internal */
  constructor(call: Caller) {
    this.#call = call;
  }

  static {
    define = (cls, resource, specs) => {
      const ids = (Object.keys(ROUTES) as OperationId[]).filter((id) => id.startsWith(`${resource}.`));
      ids.forEach((id, index) => {
        const route: Route = ROUTES[id];
        const spec = specs[index];
        const [schema, how] = Array.isArray(spec) ? spec : [spec];
        const names = Object.keys(route.ids ?? {});
        const n = names.length;
        const list = route.method === 'GET' && !route.path.endsWith('}');
        (cls.prototype as unknown as Record<string, unknown>)[id.slice(resource.length + 1)] = function (
          this: Resource,
          ...args: unknown[]
        ) {
          const call: Call<unknown> = {
            route,
            schema: schema || undefined,
            [route.method === 'GET' ? 'query' : 'body']: schema ? args[n] : undefined,
            options: args[schema ? n + 1 : n] as Call<unknown>['options'],
          };
          if (n) call.pathParams = Object.fromEntries(names.map((param, i) => [param, args[i] as string]));
          if (typeof how === 'function') call.map = how as Mapper<unknown>;
          return list
            ? paginate(this.#call, call as Call<never>, how as string | undefined)
            : this.#call(call);
        };
      });
    };
  }
}

export { define };

import { type OperationId, ROUTES, type Route } from '@rex/types';
import type { Call, Caller, Mapper, Schema } from '../internal/request.js';
import { paginate } from '../pagination.js';

/**
 * What a resource method needs beside its route (`ROUTES['<resource>.<method>']`): the schema
 * its params are checked with, or `0` when it takes none; in a pair, also how the answer becomes
 * the result (a `map`, such as `upserted`) or, for a list, the query key of the next page's
 * cursor (`after` for events; `cursor` otherwise).
 */
export type MethodSpec = Schema | 0 | readonly [schema: Schema, how: Mapper<unknown> | string];

/** The methods a resource class declares, each named by the operation id it calls. */
type Methods<C, R extends string> = {
  readonly [K in Exclude<keyof C, keyof Resource>]: `${R}.${K & string}` extends OperationId
    ? MethodSpec
    : never;
};

let define: <C extends Resource, R extends string>(
  cls: abstract new (call: Caller) => C,
  resource: R,
  methods: Methods<C, R>,
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
    define = (cls, resource, methods) => {
      for (const [name, spec] of Object.entries(methods as Record<string, MethodSpec>)) {
        const route: Route = ROUTES[`${resource}.${name}` as OperationId];
        const [schema, how] = Array.isArray(spec) ? spec : [spec];
        const names = Object.keys(route.ids ?? {});
        const n = names.length;
        const list = route.method === 'GET' && !route.path.endsWith('}');
        (cls.prototype as unknown as Record<string, unknown>)[name] = function (
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
      }
    };
  }
}

export { define };

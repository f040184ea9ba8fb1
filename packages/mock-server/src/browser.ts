import { type SetupWorker, setupWorker } from 'msw/browser';
import { createRexMock } from './mock.js';
import type { RexMock, RexMockOptions } from './options.js';

/** A Rex mock wired to an MSW service worker. */
export interface RexWorker extends RexMock {
  /** The msw/browser worker, for `worker.use(...)` overrides. */
  readonly worker: SetupWorker;
  /** Registers the worker and starts intercepting; options go to msw's `worker.start()`. */
  start(options?: Parameters<SetupWorker['start']>[0]): ReturnType<SetupWorker['start']>;
  /** Stops intercepting. */
  stop(): void;
  /** Puts the store back to the seed and drops `worker.use()` overrides. */
  reset(): void;
}

/**
 * Creates a Rex mock served by an MSW service worker, so a page talks to "Rex" with no
 * backend. Run `npx msw init public/` once to copy `mockServiceWorker.js` into your app.
 *
 * @example
 * import { setupRexWorker } from '@rex/mock-server/browser';
 *
 * const rex = setupRexWorker({ baseUrl: 'https://acme.rexgtm.com' });
 * await rex.start({ onUnhandledRequest: 'bypass' });
 */
export function setupRexWorker(options: RexMockOptions = {}): RexWorker {
  const mock = createRexMock(options);
  const worker = setupWorker(...mock.handlers);
  return {
    ...mock,
    worker,
    start: (startOptions) => worker.start(startOptions),
    stop: () => worker.stop(),
    reset: () => {
      mock.reset();
      worker.resetHandlers();
    },
  };
}

export { createRexMock } from './mock.js';
export type { RexMock, RexMockOptions } from './options.js';

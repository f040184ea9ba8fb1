// Guarded: browsers and edge runtimes have no `process`, and Deno throws without --allow-env.
/** An environment variable, or `undefined` where there is no environment to read. */
export const env = (name: string): string | undefined => {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
};

/** Whether this process looks like a test runner's (vitest, jest, or `NODE_ENV=test`). */
export const inTestRunner = (): boolean =>
  Boolean(env('VITEST') || env('JEST_WORKER_ID')) || env('NODE_ENV') === 'test';

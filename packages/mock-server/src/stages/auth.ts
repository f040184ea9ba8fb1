import type { ApiKeyConfig } from '../options.js';
import type { Caller, Stage } from './compose.js';
import { apiError } from './errors.js';

/** The org of `POST /capture` without a key, of seeds without `key`/`org`, and of `rex_test_default`. */
export const DEFAULT_ORG = 'default';

const TEST_PREFIX = 'rex_test_';

/**
 * The only code that maps an API key to an org and a scope. By default every `rex_test_…` key
 * is accepted as `read-write` with an org of its own, named after the key, except
 * `rex_test_default`, which reads and writes org `default`; with `apiKeys`, only the listed keys
 * are accepted. Keys created at run time (`POST /apikeys`) are added, and revoked keys refused,
 * in either mode.
 */
export class KeyRing {
  private readonly listed: ReadonlyMap<string, Caller> | undefined;
  private readonly added = new Map<string, Caller>();
  private readonly revoked = new Set<string>();

  constructor(apiKeys: readonly ApiKeyConfig[] | undefined) {
    this.listed = apiKeys ? new Map(apiKeys.map((k) => [k.key, { org: k.org, scope: k.scope }])) : undefined;
  }

  /** The caller a key stands for, or `undefined` when the mock refuses the key. */
  resolve(key: string): Caller | undefined {
    if (this.revoked.has(key)) return undefined;
    const found = this.added.get(key) ?? this.listed?.get(key);
    if (found) return found;
    if (this.listed || !key.startsWith(TEST_PREFIX) || key.length === TEST_PREFIX.length) return undefined;
    return { org: key === `${TEST_PREFIX}default` ? DEFAULT_ORG : key, scope: 'read-write' };
  }

  /** Why a key is refused, in words that say what the mock accepts instead. */
  refusal(key: string): string {
    if (this.revoked.has(key)) return 'This API key was revoked';
    if (this.listed) return 'Unknown API key: this mock accepts only the keys in its `apiKeys` option';
    return `Unknown API key: the mock accepts any ${TEST_PREFIX}… key (each gets an org of its own; ${TEST_PREFIX}default reads org "default"), or the keys listed in its \`apiKeys\` option`;
  }

  /** Accepts a key created at run time. */
  add(key: string, caller: Caller): void {
    this.revoked.delete(key);
    this.added.set(key, caller);
  }

  /** Refuses a key from now on, whatever the mode. */
  revoke(key: string): void {
    this.added.delete(key);
    this.revoked.add(key);
  }

  /** Forgets keys added or revoked at run time (reset). */
  clear(): void {
    this.added.clear();
    this.revoked.clear();
  }
}

/**
 * Authenticates: a key that is sent is always checked, even on `POST /capture`; a call without
 * a key is let through only to routes that need none.
 */
export function createAuthStage(keys: KeyRing): Stage {
  return (ctx, next) => {
    const { key } = ctx;
    if (key !== null) {
      const caller = keys.resolve(key);
      if (!caller) throw apiError('unauthorized', keys.refusal(key));
      ctx.caller = caller;
      ctx.bucket = key;
    } else if (ctx.route?.endpoint.access !== 'none') {
      throw apiError('unauthorized', 'Missing API key: send it in the X-Api-Key header');
    }
    return next();
  };
}

import { describe, expect, it } from 'vitest';
import { createAuthStage, KeyRing } from '../../stages/auth.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

describe('KeyRing', () => {
  it('maps every rex_test_ key to an org of its own, and rex_test_default to org default', () => {
    const keys = new KeyRing(undefined);
    expect(keys.resolve('rex_test_a')).toEqual({ org: 'rex_test_a', scope: 'read-write' });
    expect(keys.resolve('rex_test_default')).toEqual({ org: 'default', scope: 'read-write' });
    expect(keys.resolve('rex_test_')).toBeUndefined();
    expect(keys.resolve('rex_live_a')).toBeUndefined();
    expect(keys.refusal('rex_live_a')).toMatch(/accepts any rex_test_… key.*apiKeys/);
  });

  it('accepts only the listed keys when apiKeys is set', () => {
    const keys = new KeyRing([{ key: 'k1', org: 'acme', scope: 'read' }]);
    expect(keys.resolve('k1')).toEqual({ org: 'acme', scope: 'read' });
    expect(keys.resolve('rex_test_a')).toBeUndefined();
    expect(keys.refusal('rex_test_a')).toMatch(/only the keys in its `apiKeys`/);
  });

  it('accepts added keys at once and refuses revoked keys in either mode', () => {
    const keys = new KeyRing(undefined);
    keys.add('rex_test_new', { org: 'acme', scope: 'read' });
    expect(keys.resolve('rex_test_new')).toEqual({ org: 'acme', scope: 'read' });
    keys.revoke('rex_test_new');
    expect(keys.resolve('rex_test_new')).toBeUndefined();
    expect(keys.refusal('rex_test_new')).toBe('This API key was revoked');
    keys.clear();
    expect(keys.resolve('rex_test_new')).toEqual({ org: 'rex_test_new', scope: 'read-write' });
  });
});

describe('auth stage', () => {
  const stage = createAuthStage(new KeyRing(undefined));
  const withKey = (key: string | undefined, operationId: 'contacts.list' | 'capture') =>
    context(mockRequest('GET', '/', { headers: key ? { 'x-api-key': key } : {} }), { operationId });

  it('sets the caller and its bucket for a known key', async () => {
    const ctx = withKey('rex_test_a', 'contacts.list');
    expect(await runStage(stage, ctx)).toEqual({ next: true });
    expect(ctx.caller).toEqual({ org: 'rex_test_a', scope: 'read-write' });
    expect(ctx.bucket).toBe('rex_test_a');
  });

  it('refuses a missing key (401) unless the route needs none', async () => {
    expect(await stageError(stage, withKey(undefined, 'contacts.list'))).toMatchObject({ status: 401 });
    expect(await runStage(stage, withKey(undefined, 'capture'))).toEqual({ next: true });
  });

  it('checks a key that is sent even where none is needed', async () => {
    expect(await stageError(stage, withKey('rex_live_x', 'capture'))).toMatchObject({
      status: 401,
      error: { code: 'unauthorized' },
    });
  });
});

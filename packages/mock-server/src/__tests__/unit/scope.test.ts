import type { OperationId } from '@rex/types';
import { describe, expect, it } from 'vitest';
import type { ApiKeyScope } from '../../options.js';
import { scope } from '../../stages/scope.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

const call = (keyScope: ApiKeyScope | undefined, operationId: OperationId) =>
  context(mockRequest('GET', '/'), {
    operationId,
    ...(keyScope ? { caller: { org: 'o', scope: keyScope } } : {}),
  });

describe('scope stage', () => {
  it.each([
    ['read-write', 'contacts.create', true],
    ['read-write', 'capture', true],
    ['read', 'contacts.list', true],
    ['read', 'contacts.create', false],
    ['read', 'capture', false],
    ['capture-only', 'capture', true],
    ['capture-only', 'contacts.list', false],
  ] as const)('a %s key calling %s is allowed: %s', async (keyScope, operationId, allowed) => {
    if (allowed) expect(await runStage(scope, call(keyScope, operationId))).toEqual({ next: true });
    else expect(await stageError(scope, call(keyScope, operationId))).toMatchObject({ status: 403 });
  });

  it('leaves calls without a key to the auth stage', async () => {
    expect(await runStage(scope, call(undefined, 'capture'))).toEqual({ next: true });
  });
});

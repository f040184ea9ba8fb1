import { COMPANIES, CONTACTS } from '@rex/types';
import { describe, expect, it } from 'vitest';
import { Store } from '../../engine/store.js';
import type { Operations } from '../../operations/types.js';
import { OPERATIONS } from '../../resources/index.js';
import { KeyRing } from '../../stages/auth.js';
import { createOperationStage } from '../../stages/operation.js';
import { context, mockRequest, runStage } from './fixtures.js';

let n = 0;
const store = () =>
  new Store({
    resources: [COMPANIES, CONTACTS],
    ids: (prefix) => `${prefix}_${String(++n).padStart(26, '0')}`,
    now: () => new Date('2026-03-16T12:00:00.000Z'),
  });

describe('operation stage', () => {
  it('runs the route operation against the caller org and answers its envelope', async () => {
    const s = store();
    const ctx = context(mockRequest('POST', '/contacts'), {
      operationId: 'contacts.create',
      caller: { org: 'acme', scope: 'read-write' },
      body: { email: 'ada@example.com' },
    });
    await runStage(createOperationStage(s, OPERATIONS, new KeyRing(undefined)), ctx);
    expect(ctx.res?.status).toBe(201);
    expect(JSON.parse(ctx.res?.body ?? '').data.email).toBe('ada@example.com');
    expect(s.orgNames()).toEqual(['acme']);
  });

  it('reads an org nobody wrote without creating it', async () => {
    const s = store();
    const ctx = context(mockRequest('GET', '/contacts'), {
      operationId: 'contacts.list',
      caller: { org: 'ghost', scope: 'read' },
    });
    await runStage(createOperationStage(s, OPERATIONS, new KeyRing(undefined)), ctx);
    expect(JSON.parse(ctx.res?.body ?? '')).toEqual({ data: [], meta: { cursor: null, has_more: false } });
    expect(s.orgNames()).toEqual([]);
  });

  it('writes a keyless capture to org default', async () => {
    const s = store();
    const ops: Operations = OPERATIONS;
    const ctx = context(mockRequest('POST', '/capture'), {
      operationId: 'capture',
      body: { email: 'v@x.com' },
    });
    await runStage(createOperationStage(s, ops, new KeyRing(undefined)), ctx);
    expect(ctx.res?.status).toBe(201);
    expect(s.orgNames()).toEqual(['default']);
  });
});

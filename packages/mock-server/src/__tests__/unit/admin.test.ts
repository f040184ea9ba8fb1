import { describe, expect, it } from 'vitest';
import type { AdminTarget } from '../../admin/routes.js';
import { createAdminStage } from '../../stages/admin.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

function target(): AdminTarget & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    reset: () => calls.push('reset'),
    seed: (input) => {
      calls.push(`seed ${JSON.stringify(input)}`);
      return { org: 'default', contacts: [], companies: [], webhooks: [] };
    },
    snapshot: () => ({ version: 1, orgs: {} }),
    restore: () => calls.push('restore'),
    requests: () => ({ entries: [], restarted: false }),
    orgs: () => [],
    records: () => ({ records: [], cursor: null, hasMore: false, total: 0 }),
    events: () => ({ events: [], cursor: null, restarted: false, total: 0 }),
    faults: () => [],
    addFault: () => 'fault_1',
    removeFault: (id) => id === 'fault_1',
    clearFaults: () => 0,
    enrich: () => ({}),
    drainWebhooks: async (timeout) => {
      calls.push(`drain ${timeout}`);
      return { drained: true, pending: 0 };
    },
  };
}

const json = { 'content-type': 'application/json' };

describe('admin stage', () => {
  it('passes API requests on', async () => {
    expect(
      await runStage(createAdminStage(target(), 'mock.rexgtm.com'), context(mockRequest('GET', '/contacts'))),
    ).toEqual({
      next: true,
    });
  });

  it('answers admin routes from a loopback or own host, and in-process calls without Host', async () => {
    const t = target();
    const stage = createAdminStage(t, 'mock.rexgtm.com');
    for (const host of ['127.0.0.1:4010', 'localhost:4010', '[::1]:4010', 'mock.rexgtm.com', undefined]) {
      const headers = { ...json, ...(host ? { host } : {}) };
      const ctx = context(mockRequest('POST', '/__rex/seed', { headers, body: '{"org":"x"}' }));
      expect(await runStage(stage, ctx)).toEqual({ next: false });
      expect(ctx.res?.status).toBe(200);
    }
    expect(t.calls).toHaveLength(5);
  });

  it('refuses another Host (DNS rebinding) and a POST that is not JSON, changing nothing', async () => {
    const t = target();
    const stage = createAdminStage(t, 'mock.rexgtm.com');
    const rebound = context(
      mockRequest('GET', '/__rex/snapshot', { headers: { host: 'evil.example:4010' } }),
    );
    expect(await stageError(stage, rebound)).toMatchObject({ status: 403, error: { code: 'forbidden' } });
    const form = context(mockRequest('POST', '/__rex/reset', { headers: { 'content-type': 'text/plain' } }));
    expect(await stageError(stage, form)).toMatchObject({ status: 415 });
    expect(t.calls).toEqual([]);
  });

  it('removes one fault by id and answers 404 for an unknown one or an unknown admin route', async () => {
    const stage = createAdminStage(target(), 'mock.rexgtm.com');
    const ok = context(mockRequest('DELETE', '/__rex/faults/fault_1'));
    await runStage(stage, ok);
    expect(JSON.parse(ok.res?.body ?? '')).toEqual({ data: { id: 'fault_1', deleted: true } });
    expect(await stageError(stage, context(mockRequest('DELETE', '/__rex/faults/fault_9')))).toMatchObject({
      status: 404,
    });
    expect(await stageError(stage, context(mockRequest('GET', '/__rex/nothing')))).toMatchObject({
      status: 404,
    });
  });
});

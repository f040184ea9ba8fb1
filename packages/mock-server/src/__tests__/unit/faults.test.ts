import { describe, expect, it } from 'vitest';
import { createRandom } from '../../engine/random.js';
import { FaultRuleError } from '../../errors.js';
import { Faults, MAX_DELAY_MS } from '../../stages/fault-rules.js';
import { createFaultStage, faultCode } from '../../stages/faults.js';
import { context, mockRequest, runStage, stageError } from './fixtures.js';

describe('Faults (the matcher)', () => {
  it('matches method and exact path, first rule first, and drops a rule once its times are spent', () => {
    const faults = new Faults(createRandom(1));
    const a = faults.add({ method: 'get', path: '/contacts', status: 503, times: 1 });
    faults.add({ status: 500 });
    expect(faults.list().map((f) => f.id)).toHaveLength(2);
    expect(faults.take('GET', '/contacts')?.status).toBe(503);
    expect(faults.list().map((f) => f.id)).not.toContain(a);
    expect(faults.take('GET', '/contacts')?.status).toBe(500);
    expect(faults.list()[0]?.remaining).toBeNull();
  });

  it('removes one rule by id', () => {
    const faults = new Faults(createRandom(1));
    const id = faults.add({ status: 500 });
    expect(faults.remove('fault_nope')).toBe(false);
    expect(faults.remove(id)).toBe(true);
    expect(faults.take('GET', '/contacts')).toBeUndefined();
  });

  it.each([
    [{ status: 302 }, 'status'],
    [{ status: 503, retryAfter: 0.5 }, 'retryAfter'],
    [{ status: 503, retryAfter: 1e300 }, 'retryAfter'],
    [{ delayMs: MAX_DELAY_MS + 1 }, 'delayMs'],
    [{ delayMs: 2 ** 31 }, 'delayMs'],
    [{ path: 'contacts', status: 500 }, 'path'],
    [{ status: 500, bogus: true }, 'bogus'],
    [{ method: 'GET' }, 'rule'],
  ])('refuses %j naming %s', (rule, param) => {
    const faults = new Faults(createRandom(1));
    expect(() => faults.add(rule)).toThrow(FaultRuleError);
    try {
      faults.add(rule);
    } catch (error) {
      expect((error as FaultRuleError).param).toBe(param);
    }
    expect(faults.list()).toEqual([]);
  });
});

describe('fault stage', () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };

  it('answers the status with a Rex error and Retry-After', async () => {
    const faults = new Faults(createRandom(1));
    faults.add({ status: 429, retryAfter: 3 });
    expect(
      await stageError(createFaultStage(faults, sleep), context(mockRequest('GET', '/contacts'))),
    ).toMatchObject({
      status: 429,
      error: { code: 'rate_limit_exceeded', message: 'Injected fault: 429' },
      headers: { 'retry-after': '3' },
    });
    expect(faultCode(408)).toBe('request_timeout');
    expect(faultCode(502)).toBe('internal_error');
    expect(faultCode(418)).toBe('fault_injected');
  });

  it('waits through the injected sleep, then goes on or fails at the network level', async () => {
    const faults = new Faults(createRandom(1));
    faults.add({ delayMs: 250, times: 1 });
    faults.add({ networkError: true, times: 1 });
    const stage = createFaultStage(faults, sleep);
    expect(await runStage(stage, context(mockRequest('GET', '/contacts')))).toEqual({ next: true });
    expect(waits).toEqual([250]);
    const ctx = context(mockRequest('GET', '/contacts'));
    expect(await runStage(stage, ctx)).toEqual({ next: false });
    expect(ctx.res?.networkError).toBe(true);
  });
});

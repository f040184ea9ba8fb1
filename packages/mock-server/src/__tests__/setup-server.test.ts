import { setupRexServer } from '@rex/mock-server/node';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

describe('setupRexServer', () => {
  it('warns when a second one starts listening while the first still is, and not after close()', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = setupRexServer({ baseUrl: 'https://first.rexgtm.test' });
    const second = setupRexServer({ baseUrl: 'https://second.rexgtm.test' });
    first.listen();
    expect(warn).not.toHaveBeenCalled();
    second.listen();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/another setupRexServer is still listening.*close\(\) the first/);
    second.close();
    first.close();
    second.listen();
    expect(warn).toHaveBeenCalledTimes(1);
    second.close();
  });
});

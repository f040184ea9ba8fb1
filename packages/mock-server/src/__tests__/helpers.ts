import type { RexMock } from '../index.js';

/** A response read loosely: tests assert on its shape. */
export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  body: any;
}

/** A tiny fetch client for one base URL and key. */
export function client(baseUrl: string, key?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        ...(key === undefined ? {} : { 'x-api-key': key }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) } as Reply;
  };
}

/** A clock that moves only when told to (or by `step` ms on every read, when given). */
export function createClock(start = '2026-03-16T12:00:00.000Z', step = 0) {
  let time = Date.parse(start);
  return {
    now: () => {
      const current = new Date(time);
      time += step;
      return current;
    },
    tick: (ms: number) => {
      time += ms;
    },
  };
}

/** Runs `action` and asserts it left every org exactly as it was. */
export async function expectUnchanged(mock: Pick<RexMock, 'snapshot'>, action: () => Promise<unknown>) {
  const before = JSON.stringify(mock.snapshot());
  await action();
  return JSON.stringify(mock.snapshot()) === before;
}

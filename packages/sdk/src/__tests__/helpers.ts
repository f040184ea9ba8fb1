import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { Rex, type RexOptions } from '../index.js';
import { timing } from '../internal/request.js';

export const BASE = 'https://acme.rexgtm.com';
export const KEY = 'rex_test_unit';
export const CONTACT_ID = 'cont_01h455vb4pex5vsknk084sn02q';

/** A contact as Rex returns it, with `overrides`. */
export const contact = (overrides: Record<string, unknown> = {}) => ({
  id: CONTACT_ID,
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: null,
  phone: null,
  title: null,
  linkedin_url: null,
  stage: 'lead',
  source: 'other',
  source_detail: null,
  icp_score: null,
  icp_score_reason: null,
  icp_scored_at: null,
  company_id: null,
  owner_id: null,
  metadata: {},
  created_at: '2026-03-16T12:00:00.000Z',
  updated_at: '2026-03-16T12:00:00.000Z',
  ...overrides,
});

/** A Rex error body. */
export const rexError = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});

/**
 * An msw/node server for one test file, with a journal of the requests it saw and the waits
 * between retries recorded instead of slept.
 */
export function useServer() {
  const server = setupServer();
  const seen: Request[] = [];
  const delays: number[] = [];
  const sleep = timing.sleep;
  server.events.on('request:start', ({ request }) => {
    seen.push(request.clone());
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    timing.sleep = async (ms, signal) => {
      delays.push(ms);
      signal?.throwIfAborted();
    };
  });
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
    delays.length = 0;
    timing.sleep = sleep;
  });
  afterAll(() => server.close());
  return { server, seen, delays };
}

/** A client of the test tenant; `options` override the defaults. */
export const client = (options: RexOptions = {}): Rex => new Rex({ apiKey: KEY, baseUrl: BASE, ...options });

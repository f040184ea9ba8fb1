// The fixtures every test file of @rex/sdk shares: a tenant, its key, a contact as Rex returns
// it, an msw server with a journal, a client, a logger that keeps what it is told, and a fake
// clock to run ky's waits and per-attempt timers without waiting.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, onTestFinished, vi } from 'vitest';
import { type Logger, Rex, type RexOptions } from '../index.js';

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

/** An msw/node server for one test file, with a journal of the requests it saw. */
export function useServer() {
  const server = setupServer();
  const seen: Request[] = [];
  server.events.on('request:start', ({ request }) => {
    seen.push(request.clone());
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
  return { server, seen };
}

/** A client of the test tenant; `options` override the defaults. */
export const client = (options: RexOptions = {}): Rex => new Rex({ apiKey: KEY, baseUrl: BASE, ...options });

/** A logger that keeps every line, as `level message`. */
export function recordLog(): { logger: Logger; lines: string[]; waits: () => number[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: string): void => {
      lines.push(`${level} ${message}`);
    };
  const logger = { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
  /** The backoff waits the SDK announced, in ms. */
  const waits = () =>
    lines.flatMap((line) => /retry \d+ of \d+ in (\d+) ms/.exec(line)?.[1] ?? []).map(Number);
  return { logger, lines, waits };
}

/**
 * Fake `setTimeout` and `Date` for the rest of the test: ky's waits between attempts and its
 * per-attempt timers run on them, so a test moves time on instead of sleeping.
 */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

/**
 * Moves the fake clock on in `step` ms steps until `promise` settles, and says how much fake
 * time that took. Steps stay far below a 60 s attempt timeout, so in-process answers (msw)
 * arrive before it.
 */
export async function settle<T>(
  promise: Promise<T>,
  step = 50,
): Promise<{ value?: T; error?: unknown; elapsed: number }> {
  const start = Date.now();
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  for (let i = 0; !outcome; i++) {
    if (i > 20_000)
      throw new Error(`the call did not settle within ${(20_000 * step) / 1000} s of fake time`);
    await vi.advanceTimersByTimeAsync(step);
  }
  return { ...outcome, elapsed: Date.now() - start };
}

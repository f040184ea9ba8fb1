/**
 * The delivery rules where Rex's docs are silent (ours, SPEC §8), in one place: the engine, the
 * docs and the tests read them from here.
 */
export const DELIVERY_POLICY = {
  /** Waits before each retry, in milliseconds at `timeScale` 1: 1 s, 5 s, 30 s, 2 min, 10 min. */
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  /** Attempts per delivery: the first and one per retry delay. */
  maxAttempts: 6,
  /** How long a receiver has to answer with a 2xx, in milliseconds (not scaled). */
  timeoutMs: 10_000,
  /** Deliveries failed in a row (every attempt) that disable a subscription. */
  disableAfter: 10,
  /**
   * Deliveries waiting per subscription. One more is not queued: it is recorded as `failed`, so
   * a dead receiver costs bounded memory however fast the API is written to.
   */
  maxPending: 10_000,
  /** Finished deliveries each subscription keeps for `GET /webhooks/:id/deliveries`. */
  keepFinished: 1_000,
} as const;

import { fromUUIDBytes } from 'typeid-js';

/** A source of uniformly distributed unsigned 32-bit integers. */
export type Random = () => number;

/**
 * A small seeded generator (mulberry32): the same seed always yields the same sequence, so
 * fault probabilities and deterministic ids reproduce across runs and machines.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Turns a {@link Random} draw into a float in [0, 1). */
export const unit = (random: Random): number => random() / 4294967296;

/** Makes a new id for a prefix (`cont`, `comp`, `evt`, `req`). */
export type IdGenerator = (prefix: string) => string;

// Random bytes are drawn from the system in blocks of POOL bytes, not 16 at a time.
const POOL = 4096;
const pool = new Uint8Array(POOL);
let drawn = POOL;
let lastMs = -1;
/** The 31-bit counter of the current millisecond, started at a random value each millisecond. */
let seq = 0;

/**
 * Random TypeIDs (UUIDv7, lowercase Crockford base32), as Rex makes them, in increasing order:
 * within a millisecond a 31-bit counter (RFC 9562 §6.2, method 1, as the `uuid` package lays it
 * out) follows the time and 43 random bits follow the counter. typeid-js encodes the bytes;
 * making them here saves the checks `typeidUnboxed` runs on its own output and 15 of every 16
 * calls to the system's random source (ours: ids are on every request's path, request ids
 * included).
 */
export const randomIds: IdGenerator = (prefix) => {
  if (drawn + 10 > POOL) {
    crypto.getRandomValues(pool);
    drawn = 0;
  }
  const r = drawn;
  drawn += 10;
  let ms = Date.now();
  if (ms > lastMs) {
    seq =
      (((pool[r] as number) << 23) | ((pool[r + 1] as number) << 15) | ((pool[r + 2] as number) << 7)) >>> 0;
    lastMs = ms;
  } else if (++seq > 0x7fffffff) {
    // The counter ran out within one millisecond (or the clock went back): borrow the next one.
    seq = 0;
    lastMs++;
  }
  ms = lastMs;
  const bytes = new Uint8Array(16);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((seq >>> 27) & 0x0f);
  bytes[7] = (seq >>> 19) & 0xff;
  bytes[8] = 0x80 | ((seq >>> 13) & 0x3f);
  bytes[9] = (seq >>> 5) & 0xff;
  bytes[10] = ((seq & 0x1f) << 3) | ((pool[r + 3] as number) & 0x07);
  bytes.set(pool.subarray(r + 4, r + 9), 11);
  return fromUUIDBytes(prefix, bytes);
};

/**
 * Reproducible TypeIDs: a UUIDv7 whose 48-bit time comes from the injected clock and whose
 * 74 random bits come from a generator seeded with `seed`.
 */
export function seededIds(seed: number, now: () => Date): IdGenerator {
  const random = createRandom(seed);
  return (prefix) => {
    const bytes = new Uint8Array(16);
    let ms = Math.max(0, Math.floor(now().getTime()));
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    for (let i = 6; i < 16; i += 4) {
      const r = random();
      bytes[i] = r & 0xff;
      bytes[i + 1] = (r >>> 8) & 0xff;
      if (i + 2 < 16) bytes[i + 2] = (r >>> 16) & 0xff;
      if (i + 3 < 16) bytes[i + 3] = (r >>> 24) & 0xff;
    }
    bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    return fromUUIDBytes(prefix, bytes);
  };
}

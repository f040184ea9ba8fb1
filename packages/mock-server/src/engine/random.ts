import { fromUUIDBytes, typeidUnboxed } from 'typeid-js';

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

/** Random TypeIDs (UUIDv7, lowercase Crockford base32), as Rex makes them. */
export const randomIds: IdGenerator = (prefix) => typeidUnboxed(prefix);

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

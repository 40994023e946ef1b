/** The seedrandom generators faultline can run on, each loaded directly from 128 bits of hashed key. */
import seedrandom from 'seedrandom';
import type { Stream } from './Stream.js';

export type GeneratorName = 'tychei' | 'xor128' | 'alea' | 'arc4';

/**
 * Builds a stream from four 32-bit words of state. Loading state through seedrandom's `state`
 * option skips the string seeding (hashing a key string char by char) that dominates the cost of
 * a short replication; the words come from `streams.ts`, which has already mixed the key path.
 */
export type GeneratorLoader = (w0: number, w1: number, w2: number, w3: number) => Stream;

const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Every generator we measured (`npm run bench`, case `generator`), so that the choice stays
 * reproducible. ARC4 has no small state to load, so it is string-seeded from the words.
 */
export const generators: Readonly<Record<GeneratorName, GeneratorLoader>> = {
  // Tyche-i (Neves & Araujo 2011): no systematic BigCrush failures reported; all-zero state is
  // a fixed point, which `streams.ts` rules out.
  tychei: (a, b, c, d) => seedrandom.tychei('', { state: { a, b, c, d } }),
  // xor128 (Marsaglia 2003): fails MatrixRank and LinearComp; kept for comparison only.
  xor128: (x, y, z, w) => seedrandom.xor128('', { state: { x, y, z, w } }),
  // Alea (Baagøe): state is three fractions in [0, 1) and a carry.
  alea: (w0, w1, w2, w3) =>
    seedrandom.alea('', {
      state: {
        c: (w3 >>> 0) % 2091639, // the carry of the multiply-with-carry step
        s0: (w0 >>> 0) * TWO_POW_MINUS_32,
        s1: (w1 >>> 0) * TWO_POW_MINUS_32,
        s2: (w2 >>> 0) * TWO_POW_MINUS_32,
      },
    }),
  // seedrandom's default ARC4: no state to load, so the words become a string seed.
  arc4: (w0, w1, w2, w3) => seedrandom(`${w0 >>> 0}.${w1 >>> 0}.${w2 >>> 0}.${w3 >>> 0}`),
};

/** The generator faultline uses; chosen by the figures of `npm run bench` (see docs/architecture.md). */
export const DEFAULT_GENERATOR: GeneratorName = 'tychei';

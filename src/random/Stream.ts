/** The uniform source every distribution draws from: a function returning a double in [0, 1). */

/**
 * A seeded uniform stream. Each call returns the next draw in [0, 1) with 32 bits of resolution
 * (multiples of 2^-32); 0 can occur, 1 cannot. Streams are derived by key in `streams.ts`; nothing
 * in faultline draws from a global or unseeded source.
 */
export type Stream = () => number;

/** The largest draw a stream returns: 1 − 2^-32 (draws are multiples of 2^-32 below 1). */
export const LARGEST_DRAW = 1 - 2 ** -32;

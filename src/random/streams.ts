/** Derives independent, reproducible uniform streams from a key path (seed, replication, component, purpose). */
import { invalidParameter } from '../errors.js';
import { DEFAULT_GENERATOR, generators, type GeneratorLoader, type GeneratorName } from './generators.js';
import type { ReloadableTychei } from './ReloadableTychei.js';
import type { Stream } from './Stream.js';

// Four hash lanes give the generator 128 bits of state. Each lane starts from its own constant
// (hex digits of pi) so that the lanes differ even for the same key words.
const LANE_INIT = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;
const LANE_ADD = [0x7f4a7c15, 0x2545f491, 0x4f6cdd1d, 0x1b873593] as const;
const KEY_INIT = [0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89] as const;

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Absorbs one 32-bit word into a lane. For a fixed lane value this is a bijection of the word
 * (xor, multiplication by an odd constant, addition and fmix32 are all bijections), so two keys
 * that differ only in their last word can never collide within a lane.
 */
function absorb(lane: number, word: number, laneIndex: 0 | 1 | 2 | 3): number {
  return fmix32((Math.imul(lane ^ word, 0x9e3779b1) + LANE_ADD[laneIndex]) | 0);
}

/** Hashes a string to 32 bits in lane `laneIndex` (UTF-16 code units, length absorbed last). */
function hashString(text: string, laneIndex: 0 | 1 | 2 | 3): number {
  let h: number = LANE_INIT[laneIndex];
  for (let i = 0; i < text.length; i++) h = absorb(h, text.charCodeAt(i), laneIndex);
  return absorb(h, text.length, laneIndex);
}

function requireIndex(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) invalidParameter(name, 'a non-negative safe integer', value);
}

/**
 * The (component, purpose) part of a key path, hashed once at set-up into a 128-bit digest (the
 * component label through two 32-bit hashes, the purpose through a third, then mixed into each of
 * four lanes), so that deriving a stream per replication costs four integer mixes.
 */
export class StreamKey {
  readonly component: string;
  readonly purpose: string;
  // The key's digest in each of the four lanes: (component, purpose) absorbed once, here.
  /** @internal */ readonly k0: number;
  /** @internal */ readonly k1: number;
  /** @internal */ readonly k2: number;
  /** @internal */ readonly k3: number;

  constructor(component: string, purpose: string) {
    if (typeof component !== 'string' || component.length === 0) {
      invalidParameter('streamKey.component', 'a non-empty string', component);
    }
    if (typeof purpose !== 'string' || purpose.length === 0) {
      invalidParameter('streamKey.purpose', 'a non-empty string', purpose);
    }
    this.component = component;
    this.purpose = purpose;
    const c0 = hashString(component, 0);
    const c1 = hashString(component, 1);
    const p = hashString(purpose, 2);
    const digest = (lane: 0 | 1 | 2 | 3): number => absorb(absorb(absorb(KEY_INIT[lane], c0, lane), c1, lane), p, lane);
    this.k0 = digest(0);
    this.k1 = digest(1);
    this.k2 = digest(2);
    this.k3 = digest(3);
  }
}

/**
 * The streams of one replication. `stream(key)` always returns a fresh stream positioned at the
 * start of that key's sequence, so the draws of one component never depend on how many draws
 * another component made, nor on which other components exist (common random numbers).
 */
export class ReplicationStreams {
  readonly rep: number;
  private readonly l0: number;
  private readonly l1: number;
  private readonly l2: number;
  private readonly l3: number;
  readonly generator: GeneratorName;
  private readonly load: GeneratorLoader;

  /** @internal use `StreamDeriver.replication`. */
  constructor(rep: number, l0: number, l1: number, l2: number, l3: number, generator: GeneratorName) {
    this.rep = rep;
    this.generator = generator;
    this.l0 = l0;
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
    this.load = generators[generator];
  }

  // The last key's four state words (scratch space, so that deriving allocates nothing).
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;

  /** A new stream at the start of `key`'s sequence, on the deriver's generator. */
  stream(key: StreamKey): Stream {
    this.mix(key);
    return this.load(this.w0, this.w1, this.w2, this.w3);
  }

  /**
   * Loads `key`'s stream into an existing Tyche-i stream: the same draws as `stream(key)` on the
   * default generator, without allocating. Simulations keep one `ReloadableTychei` per
   * (component, purpose) for a whole run and reload it at each replication.
   */
  loadInto(key: StreamKey, target: ReloadableTychei): void {
    if (this.generator !== 'tychei') invalidParameter('loadInto: generator', '"tychei"', this.generator);
    this.mix(key);
    target.load(this.w0, this.w1, this.w2, this.w3);
  }

  private mix(key: StreamKey): void {
    // One absorption per lane: a bijection of the key's lane digest, so distinct keys give
    // distinct states unless their 128-bit digests collide.
    let w0 = absorb(this.l0, key.k0, 0);
    const w1 = absorb(this.l1, key.k1, 1);
    const w2 = absorb(this.l2, key.k2, 2);
    const w3 = absorb(this.l3, key.k3, 3);
    // The all-zero state is a fixed point of these generators; it has probability 2^-128.
    if ((w0 | w1 | w2 | w3) === 0) w0 = 1;
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }
}

/**
 * Root of the key path for a run. `seed` is data: a non-negative safe integer, echoed in every
 * output. A run without a seed uses seed 1 (docs/conventions.md); there is no autoseeding.
 *
 * @example
 *   const deriver = new StreamDeriver(1);
 *   const ttf = new StreamKey('coordinators/0', 'ttf');
 *   const u = deriver.replication(0).stream(ttf)(); // same value on every machine, every run
 */
export class StreamDeriver {
  readonly seed: number;
  readonly generator: GeneratorName;
  private readonly s0: number;
  private readonly s1: number;
  private readonly s2: number;
  private readonly s3: number;

  constructor(seed: number, generator: GeneratorName = DEFAULT_GENERATOR) {
    requireIndex('seed', seed);
    if (!Object.hasOwn(generators, generator)) invalidParameter('generator', Object.keys(generators).join(' | '), generator);
    this.seed = seed;
    this.generator = generator;
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x1_0000_0000);
    this.s0 = absorb(absorb(LANE_INIT[0], lo, 0), hi, 0);
    this.s1 = absorb(absorb(LANE_INIT[1], lo, 1), hi, 1);
    this.s2 = absorb(absorb(LANE_INIT[2], lo, 2), hi, 2);
    this.s3 = absorb(absorb(LANE_INIT[3], lo, 3), hi, 3);
  }

  replication(rep: number): ReplicationStreams {
    requireIndex('rep', rep);
    const lo = rep >>> 0;
    const hi = Math.floor(rep / 0x1_0000_0000);
    return new ReplicationStreams(
      rep,
      absorb(absorb(this.s0, lo, 0), hi, 0),
      absorb(absorb(this.s1, lo, 1), hi, 1),
      absorb(absorb(this.s2, lo, 2), hi, 2),
      absorb(absorb(this.s3, lo, 3), hi, 3),
      this.generator,
    );
  }
}

/** One-off convenience for the whole key path; loops should hold a `StreamDeriver` and keys. */
export function deriveStream(seed: number, rep: number, component: string, purpose: string): Stream {
  return new StreamDeriver(seed).replication(rep).stream(new StreamKey(component, purpose));
}

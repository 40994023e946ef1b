/** An exact sum of doubles: a fixed-point superaccumulator whose value does not depend on the order of additions. */
import { FaultlineError, describeValue } from '../errors.js';

// Every finite double is an integer multiple of 2^-1074 below 2^1024, so the accumulator is a
// fixed-point integer in units of 2^-1074, held in 32-bit limbs stored in doubles. Limb i holds
// bits [32i, 32i + 32) of that integer; 68 limbs cover 2^1024 with 2^78 of headroom for growth.
const LIMB_BITS = 32;
const LIMBS = 70;
const TWO_32 = 2 ** 32;
const TWO_MINUS_32 = 2 ** -32;
const UNIT_EXPONENT = -1074;
// A limb can absorb 2^20 additions of magnitude < 2^33 before it could lose exactness (2^53);
// carries are propagated well before that.
const ADDS_BETWEEN_CARRIES = 2 ** 19;

// Veltkamp's splitter for binary64 (2^27 + 1).
const SPLITTER = 134217729;
const POW2 = Float64Array.from({ length: LIMB_BITS }, (_, s) => 2 ** s);
// The bit pattern of a double, read through an aliased buffer (IEEE 754 binary64).
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/**
 * The exact sum of the doubles added to it, as in Neal (2015), "Fast exact summation using small
 * and large superaccumulators", arXiv:1505.05571 (the small one). Adding costs a few
 * floating-point operations and no allocation; reading the value costs a BigInt conversion, so
 * read at the end, not per addition. Two sums merge exactly, so a sum over parts merged in any
 * order is the same integer as the one-pass sum: this is what makes faultline's results
 * bit-identical whatever the number of workers or shards.
 */
export class ExactSum {
  private readonly limbs = new Float64Array(LIMBS);
  private pending = 0;

  /** Adds a finite double exactly. @throws FaultlineError naming `x` if it is NaN or infinite. */
  add(x: number): void {
    if (x === 0) return;
    bitsF64[0] = x;
    const hi = bitsU32[HI] as number;
    const lo = bitsU32[LO] as number;
    const biased = (hi >>> 20) & 0x7ff;
    if (biased === 0x7ff) throw new FaultlineError('INVALID_PARAMETER', `x: expected a finite number, got ${describeValue(x)}`);
    // x = ±m · 2^(position − 1074) with m = (mantissa high 20 bits, low 32 bits), 53 bits at most.
    const mantissaHigh = biased === 0 ? hi & 0xfffff : (hi & 0xfffff) | 0x100000;
    const position = biased === 0 ? 0 : biased - 1;
    const limb = position >>> 5;
    const scale = POW2[position & 31] as number;
    // Split m · 2^s (s < 32) into three 32-bit limbs; every step below is exact in doubles.
    const low = lo * scale; // < 2^64
    const lowCarry = Math.floor(low * TWO_MINUS_32);
    const high = mantissaHigh * scale; // < 2^53
    const highCarry = Math.floor(high * TWO_MINUS_32);
    const limbs = this.limbs;
    if (x > 0) {
      limbs[limb] = (limbs[limb] as number) + (low - lowCarry * TWO_32);
      limbs[limb + 1] = (limbs[limb + 1] as number) + lowCarry + (high - highCarry * TWO_32);
      limbs[limb + 2] = (limbs[limb + 2] as number) + highCarry;
    } else {
      limbs[limb] = (limbs[limb] as number) - (low - lowCarry * TWO_32);
      limbs[limb + 1] = (limbs[limb + 1] as number) - lowCarry - (high - highCarry * TWO_32);
      limbs[limb + 2] = (limbs[limb + 2] as number) - highCarry;
    }
    if (++this.pending >= ADDS_BETWEEN_CARRIES) this.carry();
  }

  /**
   * Adds the product x·y exactly, as the pair p + e with p = fl(x·y) (Dekker 1971, TwoProduct
   * with Veltkamp's split, as Moments does for squares): exact when |x·y| ≥ 2^-969 or x·y = 0
   * (below, e can lose bits to underflow) and |x|, |y| < 2^996 (the split must not overflow).
   * Allocates nothing.
   * @throws FaultlineError naming `x` if a factor or the product is NaN or infinite.
   */
  addProduct(x: number, y: number): void {
    const p = x * y;
    if (p === 0 && Number.isFinite(x) && Number.isFinite(y)) return;
    const cx = SPLITTER * x;
    const xh = cx - (cx - x);
    const xl = x - xh;
    const cy = SPLITTER * y;
    const yh = cy - (cy - y);
    const yl = y - yh;
    this.add(p);
    this.add(xh * yh - p + xh * yl + xl * yh + xl * yl);
  }

  /** Adds another sum into this one, exactly; `other`'s value is unchanged. */
  merge(other: ExactSum): void {
    this.carry();
    other.carry();
    for (let i = 0; i < LIMBS; i++) this.limbs[i] = (this.limbs[i] as number) + (other.limbs[i] as number);
    this.pending = 2;
  }

  /** Number of doubles `writeState` writes. */
  static readonly STATE_SIZE = LIMBS;

  /** Writes the canonical limbs into `into` from `offset`: a compact, exact, BigInt-free form for messages between threads. */
  writeState(into: Float64Array, offset: number): void {
    this.carry();
    into.set(this.limbs, offset);
  }

  /** Adds a sum written by `writeState`, exactly. */
  mergeState(from: Float64Array, offset: number): void {
    this.carry();
    for (let i = 0; i < LIMBS; i++) this.limbs[i] = (this.limbs[i] as number) + (from[offset + i] as number);
    this.pending = 2;
  }

  /** The exact value as an integer number of units of 2^-1074 (see `UNIT_EXPONENT`). */
  toBigInt(): bigint {
    this.carry();
    let value = BigInt(this.limbs[LIMBS - 1] as number);
    for (let i = LIMBS - 2; i >= 0; i--) value = (value << 32n) + BigInt(this.limbs[i] as number);
    return value;
  }

  /** The sum rounded to the nearest double. */
  valueOf(): number {
    return bigIntToDouble(this.toBigInt(), UNIT_EXPONENT);
  }

  /** Replaces the value with `units` · 2^-1074 (the inverse of `toBigInt`). */
  setBigInt(units: bigint): void {
    let rest = units;
    for (let i = 0; i < LIMBS - 1; i++) {
      this.limbs[i] = Number(rest & 0xffffffffn);
      rest >>= 32n; // floor division, so negative values end with a negative top limb
    }
    this.limbs[LIMBS - 1] = Number(rest);
    this.pending = 0;
  }

  /**
   * Propagates carries so that limbs 0 … n−2 lie in [0, 2^32) and the top limb holds the signed
   * rest: the one canonical form of the integer.
   */
  private carry(): void {
    const limbs = this.limbs;
    for (let i = 0; i < LIMBS - 1; i++) {
      const v = limbs[i] as number;
      const c = Math.floor(v * TWO_MINUS_32);
      limbs[i] = v - c * TWO_32;
      limbs[i + 1] = (limbs[i + 1] as number) + c;
    }
    this.pending = 0;
  }
}

/** The exponent of one unit of an `ExactSum`'s integer value. */
export const EXACT_SUM_UNIT_EXPONENT = UNIT_EXPONENT;

/** Number of bits of |n|. */
function bitLength(n: bigint): number {
  const hex = (n < 0n ? -n : n).toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0] as string, 16)));
}

/**
 * (num / den) · 2^`exponent` as a double, for integers with den ≠ 0: the quotient is formed with
 * at least 64 significant bits before `bigIntToDouble` rounds it, so the result is correctly
 * rounded but for ties within 2^-64 (as `Moments.mean`). NaN when den is 0.
 */
export function bigIntQuotientToDouble(num: bigint, den: bigint, exponent: number): number {
  if (den === 0n) return NaN;
  if (num === 0n) return 0;
  const shift = Math.max(0, bitLength(den) - bitLength(num) + 66);
  return bigIntToDouble((num << BigInt(shift)) / den, exponent - shift);
}

/**
 * `units` · 2^`exponent`, rounded to the nearest double (ties to even): the integer is first cut
 * to 64 bits with a sticky bit, which `Number()` then rounds correctly to 53. Results in the
 * subnormal range may be rounded twice.
 */
export function bigIntToDouble(units: bigint, exponent: number): number {
  if (units === 0n) return 0;
  const negative = units < 0n;
  let magnitude = negative ? -units : units;
  const length = bitLength(magnitude);
  let e = exponent;
  if (length > 64) {
    const shift = length - 64;
    const sticky = (magnitude & ((1n << BigInt(shift)) - 1n)) !== 0n;
    magnitude >>= BigInt(shift);
    if (sticky) magnitude |= 1n;
    e += shift;
  }
  let value = Number(magnitude);
  // Scale by 2^e in steps that stay inside the double range.
  while (e > 1000) {
    value *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    value *= 2 ** -1000;
    e += 1000;
  }
  value *= 2 ** e;
  return negative ? -value : value;
}

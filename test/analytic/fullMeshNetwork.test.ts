import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import {
  anyLinkDownProbability,
  meshDisconnectedProbability,
  noMajorityProbability,
} from '../../src/analytic/fullMeshNetwork.js';

/** Enumerates all 2^(n(n−1)/2) link states and returns Σ P(state) over states for which `accept` holds. */
function bruteForce(n: number, p: number, accept: (componentOf: number[]) => boolean): number {
  const links: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) links.push([i, j]);
  let total = 0;
  for (let mask = 0; mask < 2 ** links.length; mask++) {
    const parent = Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : find(parent[x]!));
    let probability = 1;
    links.forEach(([a, b], bit) => {
      if ((mask >> bit) & 1) {
        probability *= p;
        parent[find(a)] = find(b);
      } else {
        probability *= 1 - p;
      }
    });
    if (accept(Array.from({ length: n }, (_, i) => find(i)))) total += probability;
  }
  return total;
}

/** Exact rational arithmetic on BigInt, for a reference free of rounding. */
interface Fraction {
  num: bigint;
  den: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function frac(num: bigint, den: bigint): Fraction {
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}
const add = (x: Fraction, y: Fraction): Fraction => frac(x.num * y.den + y.num * x.den, x.den * y.den);
const sub = (x: Fraction, y: Fraction): Fraction => frac(x.num * y.den - y.num * x.den, x.den * y.den);
const mul = (x: Fraction, y: Fraction): Fraction => frac(x.num * y.num, x.den * y.den);
const pow = (x: Fraction, e: number): Fraction => frac(x.num ** BigInt(e), x.den ** BigInt(e));
/** The exact value of a double (a dyadic rational). */
function fromDouble(x: number): Fraction {
  let scale = 1n;
  while (!Number.isInteger(x)) {
    x *= 2;
    scale *= 2n;
  }
  return frac(BigInt(x), scale);
}
/** Ratio of two fractions as a double, exact enough for a 1e-12 comparison even at 1e-300. */
function toNumber(x: Fraction): number {
  const shift = x.den.toString(2).length - x.num.toString(2).length + 60;
  return Number((x.num << BigInt(Math.max(0, shift))) / x.den) * 2 ** -Math.max(0, shift);
}
const choose = (n: number, k: number): bigint => {
  let c = 1n;
  for (let i = 0; i < k; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
};

/** Gilbert's recursion for the CONNECTED probability in exact arithmetic (cancellation is harmless here). */
function exactDisconnected(n: number, q: Fraction): Fraction {
  const one = frac(1n, 1n);
  const connected: Fraction[] = [one, one];
  for (let s = 2; s <= n; s++) {
    let sum = frac(0n, 1n);
    for (let k = 1; k < s; k++) sum = add(sum, mul(mul(frac(choose(s - 1, k - 1), 1n), connected[k]!), pow(q, k * (s - k))));
    connected.push(sub(one, sum));
  }
  return sub(one, connected[n]!);
}

describe('meshDisconnectedProbability', () => {
  it('matches brute-force enumeration of all link states for n ≤ 6', () => {
    for (let n = 1; n <= 6; n++) {
      for (const p of [0.3, 0.9, 0.999]) {
        const exact = bruteForce(n, p, (c) => c.some((root) => root !== c[0]));
        const value = meshDisconnectedProbability(n, p);
        if (exact === 0) expect(value).toBe(0);
        else expect(value / exact).toBeCloseTo(1, 12);
      }
    }
  });

  it('counts connected labelled graphs at p = 1/2 (OEIS A001187)', () => {
    // Connected labelled graphs on n nodes: 1, 1, 4, 38, 728, 26704, 1866256, 251548592, 66296291072, 34496488594816.
    const connected = [1, 1, 4, 38, 728, 26704, 1866256, 251548592, 66296291072, 34496488594816];
    connected.forEach((count, i) => {
      const n = i + 1;
      expect(1 - meshDisconnectedProbability(n, 0.5)).toBeCloseTo(count / 2 ** ((n * (n - 1)) / 2), 15);
    });
  });

  it('keeps relative precision 1e-12 at 1e-32 and 1e-94 (exact rational reference)', () => {
    for (const [n, p] of [
      [9, 0.9999],
      [9, 1 - 2 ** -40],
      [5, 0.99],
      [12, 0.999],
    ] as const) {
      const exact = toNumber(exactDisconnected(n, fromDouble(1 - p)));
      expect(meshDisconnectedProbability(n, p) / exact).toBeCloseTo(1, 12);
    }
    expect(toNumber(exactDisconnected(9, fromDouble(2 ** -40)))).toBeLessThan(1e-90);
  });

  it('tends to the isolated-vertex term n·q^(n−1) for tiny q', () => {
    const q = 1 - 0.9999;
    expect(meshDisconnectedProbability(9, 0.9999) / (9 * q ** 8)).toBeCloseTo(1, 12);
    const tiny = 2 ** -40;
    expect(meshDisconnectedProbability(9, 1 - tiny) / (9 * tiny ** 8)).toBeCloseTo(1, 12);
  });

  it('handles the edges and rejects bad input', () => {
    expect(meshDisconnectedProbability(1, 0)).toBe(0);
    expect(meshDisconnectedProbability(4, 1)).toBe(0);
    expect(meshDisconnectedProbability(4, 0)).toBe(1);
    expect(() => meshDisconnectedProbability(2.5, 0.9)).toThrow(FaultlineError);
    expect(() => meshDisconnectedProbability(4, 1.1)).toThrow(/^p: expected/);
  });
});

describe('noMajorityProbability', () => {
  it('matches brute-force enumeration for every split of up to 6 nodes', () => {
    for (let n = 1; n <= 6; n++) {
      for (let coordinators = 1; coordinators <= n; coordinators++) {
        const quorum = Math.floor(coordinators / 2) + 1;
        for (const p of [0.4, 0.95]) {
          const exact = bruteForce(n, p, (componentOf) => {
            const count = new Map<number, number>();
            for (let i = 0; i < coordinators; i++) count.set(componentOf[i]!, (count.get(componentOf[i]!) ?? 0) + 1);
            return [...count.values()].every((c) => c < quorum);
          });
          const value = noMajorityProbability(coordinators, n - coordinators, p);
          if (exact === 0) expect(value).toBe(0);
          else expect(value / exact).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it('agrees with hand counts', () => {
    const p = 0.9;
    const q = 1 - p;
    // Three coordinators: any up link joins two of them, a majority; so all three links down.
    expect(noMajorityProbability(3, 0, p) / q ** 3).toBeCloseTo(1, 14);
    // Two coordinators and a relay: the direct link down and the two-hop path broken.
    expect(noMajorityProbability(2, 1, p) / (q * (1 - p * p))).toBeCloseTo(1, 14);
    // One coordinator is always a majority of itself.
    expect(noMajorityProbability(1, 4, p)).toBe(0);
  });

  it('stays accurate when tiny: 3 coordinators and 6 executors, q = 1e-4', () => {
    // One coordinator isolated from the 8 other nodes (q^8) leaves the other two connected, a
    // majority; no-majority needs two coordinators cut off alone: 8 + 7 = 15 links, chosen in
    // 3 ways, 3q^15. Every other cut that separates all three needs ≥ 20 links (relative O(q^5)),
    // and the O(q) corrections (other links among the rest) are ~1e-3.
    const q = 1 - 0.9999;
    const value = noMajorityProbability(3, 6, 0.9999);
    expect(value / (3 * q ** 15)).toBeCloseTo(1, 2);
    expect(value).toBeLessThan(meshDisconnectedProbability(9, 0.9999));
  });
});

describe('anyLinkDownProbability', () => {
  it('is 1 − p^(n(n−1)/2), precise when tiny', () => {
    expect(anyLinkDownProbability(6, 0.9)).toBeCloseTo(1 - 0.9 ** 15, 15);
    const q = 2 ** -40;
    // 1 − (1 − q)^15 = 15q − 105q² + 455q³ − …; the third term is below double precision here.
    expect(anyLinkDownProbability(6, 1 - q) / (15 * q - 105 * q * q)).toBeCloseTo(1, 15);
    expect(anyLinkDownProbability(1, 0)).toBe(0);
    expect(anyLinkDownProbability(3, 0)).toBe(1);
  });

  it('exceeds the true partition probability by orders of magnitude (seed 000 uses it as one)', () => {
    expect(anyLinkDownProbability(6, 0.9999) / meshDisconnectedProbability(6, 0.9999)).toBeGreaterThan(1e10);
  });
});

import { describe, expect, it } from 'vitest';
import { deliveredWithinTries, expectedTries, roundTripDeliveredWithinTries, roundTripLoss, roundTripLostForGood } from '../../src/analytic/messageLoss.js';

/** Brute force over every outcome sequence of N + 1 tries, each a request and (if delivered) a response. */
function bruteForce(lq: number, lr: number, N: number): { success: number; tries: number } {
  let success = 0;
  let tries = 0;
  const walk = (k: number, weight: number) => {
    // try k + 1: request lost, or delivered and response lost, or both delivered.
    const ok = weight * (1 - lq) * (1 - lr);
    success += ok;
    tries += ok * (k + 1);
    const fail = weight * (lq + (1 - lq) * lr);
    if (k === N) tries += fail * (k + 1);
    else walk(k + 1, fail);
  };
  walk(0, 1);
  return { success, tries };
}

describe('message loss with retries (geometric trials)', () => {
  it('matches the worked examples', () => {
    expect(deliveredWithinTries(0.1, 2)).toBeCloseTo(0.999, 14);
    expect(roundTripLoss(0.1, 0.1)).toBeCloseTo(0.19, 14);
    expect(roundTripDeliveredWithinTries(0.1, 0.1, 2)).toBeCloseTo(1 - 0.19 ** 3, 14);
    expect(expectedTries(0.19, 2)).toBeCloseTo(1.2261, 14);
    expect(roundTripLostForGood(0.1, 0.1, 2)).toBeCloseTo(0.006859, 14);
    expect(expectedTries(1, 3)).toBe(4);
  });

  it("equals the issue's form 1 − (1 − (1 − ℓ)²)^{N+1} and a brute-force sum over outcome sequences", () => {
    for (const [lq, lr] of [[0.1, 0.1], [0.3, 0], [0, 0.25], [0.5, 0.2]] as const) {
      for (const N of [0, 1, 2, 5]) {
        const b = bruteForce(lq, lr, N);
        expect(roundTripDeliveredWithinTries(lq, lr, N)).toBeCloseTo(b.success, 12);
        expect(expectedTries(roundTripLoss(lq, lr), N)).toBeCloseTo(b.tries, 12);
        expect(roundTripLostForGood(lq, lr, N)).toBeCloseTo(1 - b.success, 12);
        if (lq === lr) expect(roundTripDeliveredWithinTries(lq, lr, N)).toBeCloseTo(1 - (1 - (1 - lq) ** 2) ** (N + 1), 14);
      }
    }
    expect(roundTripDeliveredWithinTries(0.3, 0, 3)).toBeCloseTo(deliveredWithinTries(0.3, 3), 14);
  });

  it('rejects bad parameters', () => {
    expect(() => deliveredWithinTries(1.5, 1)).toThrow(/loss/);
    expect(() => deliveredWithinTries(0.1, -1)).toThrow(/retries/);
    expect(() => roundTripLoss(0.1, -0.1)).toThrow(/responseLoss/);
    expect(() => expectedTries(0.1, 1.5)).toThrow(/retries/);
  });
});

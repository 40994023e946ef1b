import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../../../src/sim/workload/policies/RetryBudget.js';

describe('RetryBudget', () => {
  it('capacity 2, ratio 0.1: retry retry (bucket empty) refused; 10 requests make one token exactly', () => {
    const b = new RetryBudget({ ratio: 0.1, capacity: 2 });
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
    for (let i = 0; i < 9; i++) b.onRequest();
    expect(b.tryRetry()).toBe(false); // 0.9 token
    b.onRequest();
    expect(b.tokens).toBe(1); // not 0.9999999999999999
    expect(b.tryRetry()).toBe(true);
    expect(b.tryRetry()).toBe(false);
  });

  it('requests fill up to capacity only; reset fills it', () => {
    const b = new RetryBudget({ ratio: 0.5, capacity: 3 });
    for (let i = 0; i < 100; i++) b.onRequest();
    expect(b.tokens).toBe(3);
    let retries = 0;
    while (b.tryRetry()) retries++;
    expect(retries).toBe(3);
    b.reset();
    expect(b.tokens).toBe(3);
  });

  it('long run: retries ≤ ratio·requests + capacity (104 ≤ 105 when every request wants retries)', () => {
    // Request 1 finds the bucket full (its 0.1 is lost to the cap), then takes all 5 tokens; the
    // 999 requests after it make 99.9 tokens: 99 more retries, 104 in all.
    const b = new RetryBudget({ ratio: 0.1, capacity: 5 });
    let retries = 0;
    for (let i = 0; i < 1000; i++) {
      b.onRequest();
      while (b.tryRetry()) retries++;
    }
    expect(retries).toBe(104);
    expect(retries).toBeLessThanOrEqual(0.1 * 1000 + 5);
  });

  it('names the parameter it refuses', () => {
    expect(() => new RetryBudget({ ratio: -0.1, capacity: 1 })).toThrow(/ratio/);
    expect(() => new RetryBudget({ ratio: 0.1, capacity: Number.NaN })).toThrow(/capacity/);
  });
});

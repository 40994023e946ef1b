import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmcKBlocking, mmcMeanWait, mmcWaitSurvival } from '../../src/analytic/queueing.js';
import { logGamma } from '../../src/math/gammaFunctions.js';

/** Σ_{k=lo}^{hi} a^k/k!, in log space (independent of the recursions under test). */
function logTerm(a: number, k: number): number {
  return k * Math.log(a) - logGamma(k + 1);
}

/** B(c, a) by its explicit sum (Erlang 1917), with the terms scaled by the largest. */
function erlangBSum(c: number, a: number): number {
  const logs = Array.from({ length: c + 1 }, (_, k) => logTerm(a, k));
  const top = Math.max(...logs);
  const sum = logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.exp(logs[c]! - top) / sum;
}

describe('Erlang B', () => {
  it('B(10, 8) = 0.1217 (the research notes; Erlang tables) and equals the explicit sum', () => {
    expect(erlangB(10, 8)).toBeCloseTo(0.12166, 5);
    expect(erlangB(10, 8)).toBeCloseTo(erlangBSum(10, 8), 14);
  });

  it('small cases by hand: B(0, a) = 1, B(1, a) = a/(1 + a), B(2, 1) = 0.2; B(c, 0) = 0', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(1, 3)).toBeCloseTo(0.75, 15);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('large c without overflow: B(1000, 950) equals the log-space sum', () => {
    expect(erlangB(1000, 950)).toBeCloseTo(erlangBSum(1000, 950), 12);
    expect(Math.abs(erlangB(1000, 950) / erlangBSum(1000, 950) - 1)).toBeLessThan(1e-10);
  });
});

describe('Erlang C and M/M/c waits', () => {
  it('C equals its explicit form (a^c/c!)(c/(c − a)) / (Σ_{k<c} a^k/k! + (a^c/c!)(c/(c − a)))', () => {
    for (const [c, a] of [[2, 1], [10, 8], [50, 45.5]] as const) {
      const tail = Math.exp(logTerm(a, c)) * (c / (c - a));
      let head = 0;
      for (let k = 0; k < c; k++) head += Math.exp(logTerm(a, k));
      expect(erlangC(c, a)).toBeCloseTo(tail / (head + tail), 12);
    }
  });

  it('M/M/1: C = ρ, E[W_q] = ρ/(μ − λ); M/M/2 at λ = μ = 1: C = 1/3, E[W_q] = 1/3', () => {
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 15);
    expect(mmcMeanWait(3, 5, 1)).toBeCloseTo(0.6 / 2, 15);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(mmcMeanWait(1, 1, 2)).toBeCloseTo(1 / 3, 15);
  });

  it('P(W_q > t) = C e^{−(cμ − λ)t}: C at t = 0, halved at t = ln 2/(cμ − λ), and its integral is E[W_q]', () => {
    expect(mmcWaitSurvival(8, 1, 10, 0)).toBeCloseTo(erlangC(10, 8), 15);
    expect(mmcWaitSurvival(1, 1, 2, Math.LN2)).toBeCloseTo(1 / 6, 15);
    // ∫_0^∞ P(W_q > t) dt by the trapezoidal rule.
    let integral = 0;
    const h = 1e-3;
    for (let t = 0; t < 40; t += h) integral += ((mmcWaitSurvival(8, 1, 10, t) + mmcWaitSurvival(8, 1, 10, t + h)) * h) / 2;
    expect(integral).toBeCloseTo(mmcMeanWait(8, 1, 10), 6);
  });

  it('refuses an unstable queue and names the parameter', () => {
    expect(() => erlangC(2, 2)).toThrow(/a:/);
    expect(() => mmcMeanWait(2, 1, 2)).toThrow(/lambda/);
    expect(() => mmcMeanWait(1, 0, 2)).toThrow(/mu/);
    expect(() => mmcMeanWait(1, 1, 0)).toThrow(/c:/);
    expect(() => mmcWaitSurvival(1, 1, 2, -1)).toThrow(/t:/);
    expect(() => erlangB(1.5, 1)).toThrow(/c:/);
    expect(() => erlangB(1, -1)).toThrow(/a:/);
  });
});

describe('M/M/c/K blocking', () => {
  it('K = c is Erlang B', () => {
    expect(mmcKBlocking(8, 1, 10, 10)).toBeCloseTo(erlangB(10, 8), 14);
  });

  it('M/M/1/K: (1 − ρ)ρ^K/(1 − ρ^{K+1}), and 1/(K + 1) at ρ = 1', () => {
    const rho = 0.8;
    expect(mmcKBlocking(0.8, 1, 1, 5)).toBeCloseTo(((1 - rho) * rho ** 5) / (1 - rho ** 6), 14);
    expect(mmcKBlocking(1, 1, 1, 2)).toBeCloseTo(1 / 3, 15);
    expect(mmcKBlocking(3, 1, 1, 4)).toBeCloseTo(((1 - 3) * 3 ** 4) / (1 - 3 ** 5), 14); // overloaded: still finite
  });

  it('equals the birth–death chain normalised forward, p_n = p_{n−1}·a/min(n, c)', () => {
    for (const [lambda, mu, c, k] of [[5, 1, 3, 10], [12, 2, 4, 6], [0.5, 1, 2, 30]] as const) {
      const a = lambda / mu;
      const p = [1];
      for (let n = 1; n <= k; n++) p.push((p[n - 1]! * a) / Math.min(n, c));
      const total = p.reduce((s, x) => s + x, 0);
      expect(mmcKBlocking(lambda, mu, c, k)).toBeCloseTo(p[k]! / total, 14);
    }
  });

  it('a tiny load underflows to 0, not NaN; names the parameter', () => {
    expect(mmcKBlocking(1e-3, 1, 1, 2000)).toBe(0);
    expect(() => mmcKBlocking(1, 1, 3, 2)).toThrow(/capacity/);
  });
});

/** The generator matrix of a finite continuous-time Markov chain, built from a list of transitions. */

import { FaultlineError, invalidParameter } from '../../errors.js';

/**
 * A CTMC generator Q stored dense, row-major: `rates[i * size + j]` is the rate q_ij ≥ 0 of the
 * transition i → j for i ≠ j, and the diagonal holds q_ii = −Σ_{j≠i} q_ij. Dense because the
 * chains of this library have at most a few thousand states and GTH elimination fills in anyway;
 * the solvers read only the off-diagonal rates and form every exit rate as a sum of them, so the
 * stored diagonal is informative, never used in a subtraction.
 */
export interface Generator {
  readonly size: number;
  readonly rates: Float64Array;
}

/** One transition of a chain: from state `from` to state `to` at `rate` per hour. */
export interface Transition {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

/**
 * Builds the generator of a chain on states 0…size−1. Transitions between the same pair of
 * states add up (two independent causes of the same move); a zero rate is allowed and adds
 * nothing.
 *
 * Reference: W. J. Stewart, *Introduction to the Numerical Solution of Markov Chains*, Princeton
 * University Press, 1994, ch. 1 (the infinitesimal generator).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `size` or `transitions[i].from/.to/.rate`
 *   when a state is out of range, a transition is a self-loop, or a rate is negative or not finite.
 * @example generator(2, [{ from: 0, to: 1, rate: 1e-4 }, { from: 1, to: 0, rate: 0.25 }])
 */
export function generator(size: number, transitions: readonly Transition[]): Generator {
  if (!(Number.isInteger(size) && size >= 1)) invalidParameter('size', 'an integer ≥ 1', size);
  const rates = new Float64Array(size * size);
  transitions.forEach((t, i) => {
    const at = `transitions[${i}]`;
    requireState(`${at}.from`, t.from, size);
    requireState(`${at}.to`, t.to, size);
    if (t.from === t.to) invalidParameter(`${at}.to`, `a state other than from (${t.from})`, t.to);
    if (!(Number.isFinite(t.rate) && t.rate >= 0)) invalidParameter(`${at}.rate`, 'a finite number ≥ 0', t.rate);
    rates[t.from * size + t.to]! += t.rate;
  });
  for (let i = 0; i < size; i++) rates[i * size + i] = 0 - exitRate(rates, size, i); // 0 − x: no −0 for an absorbing state
  return { size, rates };
}

/** Σ_{j≠i} q_ij: the total rate out of state i, formed from the off-diagonal entries only. */
export function exitRate(rates: Float64Array, size: number, i: number): number {
  let sum = 0;
  const row = i * size;
  for (let j = 0; j < size; j++) if (j !== i) sum += rates[row + j]!;
  return sum;
}

/** Checks that `value` is a state of a chain with `size` states, else throws naming `name`. */
export function requireState(name: string, value: number, size: number): number {
  if (!(Number.isInteger(value) && value >= 0 && value < size)) {
    invalidParameter(name, `a state index in 0…${size - 1}`, value);
  }
  return value;
}

/**
 * Checks a generator handed in from outside: the array length matches the size and every
 * off-diagonal rate is finite and ≥ 0. The diagonal is not checked because no solver reads it.
 */
export function requireGenerator(name: string, q: Generator): Generator {
  if (!(Number.isInteger(q.size) && q.size >= 1)) invalidParameter(`${name}.size`, 'an integer ≥ 1', q.size);
  if (!(q.rates instanceof Float64Array) || q.rates.length !== q.size * q.size) {
    invalidParameter(`${name}.rates`, `a Float64Array of length ${q.size * q.size}`, q.rates?.length);
  }
  for (let i = 0; i < q.size; i++) {
    for (let j = 0; j < q.size; j++) {
      const r = q.rates[i * q.size + j]!;
      if (i !== j && !(Number.isFinite(r) && r >= 0)) invalidParameter(`${name}.rates[${i * q.size + j}]`, 'a finite rate ≥ 0', r);
    }
  }
  return q;
}

/**
 * Checks that `p` is a probability distribution over `size` states: non-negative finite entries
 * summing to 1 within 1e-9 (so that a distribution typed in decimal passes). It is used as given,
 * not renormalised.
 */
export function requireDistribution(name: string, p: ArrayLike<number>, size: number): ArrayLike<number> {
  if (p.length !== size) invalidParameter(`${name}.length`, `${size} (one entry per state)`, p.length);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const v = p[i]!;
    if (!(Number.isFinite(v) && v >= 0)) invalidParameter(`${name}[${i}]`, 'a finite probability ≥ 0', v);
    sum += v;
  }
  if (!(Math.abs(sum - 1) <= 1e-9)) invalidParameter(name, 'entries summing to 1', sum);
  return p;
}

/** Checks a list of states (a set: duplicates are ignored) and returns it as a membership mask. */
export function stateMask(name: string, states: readonly number[], size: number): Uint8Array {
  const mask = new Uint8Array(size);
  states.forEach((s, i) => {
    requireState(`${name}[${i}]`, s, size);
    mask[s] = 1;
  });
  return mask;
}

/** The error for a chain whose structure the solver cannot handle (reducible, no way out, …). */
export function unsolvable(name: string, why: string): never {
  throw new FaultlineError('INVALID_ARGUMENT', `${name}: ${why}`);
}

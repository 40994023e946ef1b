/** Exact partition probabilities of a full mesh of always-up nodes whose links fail independently. */

import { invalidParameter, requireProbability } from '../errors.js';

function requireNodeCount(name: string, n: number, min: number): void {
  if (!(Number.isInteger(n) && n >= min && n <= 1000)) invalidParameter(name, `an integer in [${min}, 1000]`, n);
}

/** Row n of Pascal's triangle, C(n, 0…n). */
function binomialRow(n: number): number[] {
  const row = [1];
  for (let i = 1; i <= n; i++) row.push((row[i - 1]! * (n - i + 1)) / i);
  return row;
}

/**
 * D(1…n): D(s) = P(the up links among s nodes do not connect them), by the recursion on the
 * component of node 1, written for D so that every term is positive:
 * D(s) = Σ_{k=1}^{s−1} C(s−1, k−1) (1 − D(k)) q^{k(s−k)}.
 */
function disconnectedTable(n: number, q: number): number[] {
  const d = [0, 0]; // index 0 unused; one node is connected
  for (let s = 2; s <= n; s++) {
    const choose = binomialRow(s - 1);
    let sum = 0;
    for (let k = 1; k < s; k++) sum += choose[k - 1]! * (1 - d[k]!) * q ** (k * (s - k));
    d.push(Math.min(1, sum));
  }
  return d;
}

/**
 * P(the graph of up links of a full mesh of n nodes is disconnected).
 *
 * Assumes: nodes never fail; each of the n(n−1)/2 links is up independently with probability p
 * (a snapshot: for links that fail and are repaired, p is the link availability and the result
 * is the steady-state fraction of time the mesh is partitioned). Computed by the recursion on the
 * component containing node 1 (E. N. Gilbert, "Random graphs", Ann. Math. Statist. 30 (1959),
 * 1141–1144), rearranged so that the disconnected probability is a sum of positive terms: it keeps
 * full relative precision when it is 1e-60 (e.g. ≈ n·q^{n−1} for tiny q = 1 − p, the isolated
 * vertex). q = 1 − p is exact for p ≥ 1/2. In the sparse regime (mesh likely disconnected, p
 * small and n large) the recursion amplifies rounding; the result is then only roughly right.
 *
 * @param n number of nodes, an integer in [1, 1000].
 * @param p probability that a link is up.
 * @throws FaultlineError (INVALID_PARAMETER) naming `n` or `p`.
 * @example meshDisconnectedProbability(3, 0.9) // 3·0.01·0.9² + 0.001 = 0.028
 */
export function meshDisconnectedProbability(n: number, p: number): number {
  requireNodeCount('n', n, 1);
  requireProbability('p', p);
  return disconnectedTable(n, 1 - p)[n]!;
}

/**
 * P(no connected set of nodes contains a strict majority of the coordinators), i.e. no side of a
 * partition can form a quorum of the coordinators.
 *
 * Assumes: every node is up; `coordinators` + `others` nodes form a full mesh whose links are up
 * independently with probability p; the non-coordinators relay (two coordinators joined through
 * an executor are connected); a quorum is a strict majority, ⌊c/2⌋ + 1, of all c coordinators.
 * Exact, by the recursion on the component of one coordinator: that component is a given set of
 * i coordinators and j others with probability P_conn(i + j)·q^{(i+j)(n−i−j)}, independently of
 * the links among the remaining nodes (Gilbert 1959); components with a majority are excluded.
 * Every term is positive, so a result of 1e-40 keeps full relative precision.
 *
 * @param coordinators number of coordinators, an integer in [1, 1000].
 * @param others number of other (relaying) nodes, an integer ≥ 0, total ≤ 1000.
 * @param p probability that a link is up.
 * @throws FaultlineError (INVALID_PARAMETER) naming the offending parameter.
 * @example noMajorityProbability(2, 0, 0.9) // 0.1: the one link between them is down
 */
export function noMajorityProbability(coordinators: number, others: number, p: number): number {
  requireNodeCount('coordinators', coordinators, 1);
  requireNodeCount('others', others, 0);
  requireNodeCount('coordinators + others', coordinators + others, 1);
  requireProbability('p', p);
  const q = 1 - p;
  const n = coordinators + others;
  const disconnected = disconnectedTable(n, q);
  const quorum = Math.floor(coordinators / 2) + 1;
  const chooseRows = Array.from({ length: n + 1 }, (_, m) => binomialRow(m));
  const choose = (m: number, r: number): number => chooseRows[m]![r]!;
  // memo[a][b]: P(no component has ≥ quorum coordinators) on a coordinators and b others.
  const memo = new Map<number, number>();
  const noQuorum = (a: number, b: number): number => {
    if (a < quorum) return 1;
    const key = a * (n + 1) + b;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let sum = 0;
    for (let i = 1; i < quorum; i++) {
      for (let j = 0; j <= b; j++) {
        const size = i + j;
        const rest = a + b - size;
        sum +=
          choose(a - 1, i - 1) * choose(b, j) * (1 - disconnected[size]!) * q ** (size * rest) * noQuorum(a - i, b - j);
      }
    }
    memo.set(key, sum);
    return sum;
  };
  return Math.min(1, noQuorum(coordinators, others));
}

/**
 * P(at least one of the n(n−1)/2 links of a full mesh is down) = 1 − p^{n(n−1)/2}: what seed 000's
 * `partition_probability` computes. It is NOT the probability of a partition (a single down link
 * in a mesh of three or more nodes leaves it connected); see {@link meshDisconnectedProbability}.
 * Computed as −expm1(m·log1p(−q)), so that it keeps full precision when it is tiny.
 *
 * Assumes: links up independently with probability p.
 *
 * @param n number of nodes, an integer in [1, 1000].
 * @param p probability that a link is up.
 * @throws FaultlineError (INVALID_PARAMETER) naming `n` or `p`.
 * @example anyLinkDownProbability(6, 0.9999) // ≈ 1.4990e-3
 */
export function anyLinkDownProbability(n: number, p: number): number {
  requireNodeCount('n', n, 1);
  requireProbability('p', p);
  const links = (n * (n - 1)) / 2;
  if (links === 0) return 0; // 0·log(0) would be NaN when p = 0
  return 0 - Math.expm1(links * Math.log1p(-(1 - p)));
}

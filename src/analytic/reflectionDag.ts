/** Exact staleness of reflections (materialised views) whose refreshes depend on shared upstream reflections. */

import { invalidParameter, requireProbability } from '../errors.js';

/** One reflection: its own refresh failure probability and the reflections it is built from. */
export interface Reflection {
  readonly id: string;
  /** P(this reflection's own refresh fails), independent of every other refresh. */
  readonly refreshFailure: number;
  /** Ids of the reflections it reads (direct upstream). */
  readonly dependsOn: readonly string[];
}

/** Indexes the graph by id, rejecting duplicates, unknown dependencies and cycles. */
function indexGraph(reflections: readonly Reflection[]): Map<string, Reflection> {
  const byId = new Map<string, Reflection>();
  reflections.forEach((r, i) => {
    if (byId.has(r.id)) invalidParameter(`reflections[${i}].id`, 'a unique id', r.id);
    requireProbability(`reflections[${i}].refreshFailure`, r.refreshFailure);
    byId.set(r.id, r);
  });
  reflections.forEach((r, i) => {
    for (const dep of r.dependsOn) {
      if (!byId.has(dep)) invalidParameter(`reflections[${i}].dependsOn`, 'ids of listed reflections', dep);
    }
  });
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') invalidParameter('reflections', 'an acyclic dependency graph', `a cycle through ${id}`);
    state.set(id, 'open');
    for (const dep of byId.get(id)!.dependsOn) visit(dep);
    state.set(id, 'done');
  };
  for (const r of reflections) visit(r.id);
  return byId;
}

function requireKnown(byId: Map<string, Reflection>, name: string, id: string): void {
  if (!byId.has(id)) invalidParameter(name, 'the id of a listed reflection', id);
}

/** The ids of `ids` and all their transitive upstream reflections, each once. */
function closure(byId: Map<string, Reflection>, ids: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...byId.get(id)!.dependsOn);
  }
  return seen;
}

function logFresh(byId: Map<string, Reflection>, ids: Iterable<string>): number {
  let sum = 0;
  for (const id of ids) sum += Math.log1p(-byId.get(id)!.refreshFailure);
  return sum;
}

/**
 * P(reflection `id` is stale) = 1 − Π_{j ∈ ancestors(id) ∪ {id}} (1 − f_j): it is fresh iff its
 * own refresh and every transitive upstream refresh succeeded, and an upstream reflection
 * reached by several paths (a diamond) is counted once. Computed as −expm1(Σ log1p(−f_j)).
 *
 * Assumes: one refresh cycle; refreshes fail independently with fixed probabilities f_j (no
 * common cause such as a shared source outage); a reflection is stale iff its own refresh failed
 * or any upstream reflection is stale. Reference: the reliability of a series system of the
 * distinct components on which it depends (Barlow & Proschan 1975, ch. 2).
 *
 * @throws FaultlineError (INVALID_PARAMETER) for duplicate or unknown ids, a cycle, or a bad f.
 * @example reflectionStaleProbability([{id: 'a', refreshFailure: 0.1, dependsOn: []},
 *   {id: 'b', refreshFailure: 0.1, dependsOn: ['a']}], 'b') // 1 − 0.9² = 0.19
 */
export function reflectionStaleProbability(reflections: readonly Reflection[], id: string): number {
  const byId = indexGraph(reflections);
  requireKnown(byId, 'id', id);
  return 0 - Math.expm1(logFresh(byId, closure(byId, [id])));
}

/**
 * P(every reflection in `ids` is fresh) = Π (1 − f_j) over the union of their upstream closures
 * (each reflection once). Not the product of the individual fresh probabilities: reflections
 * sharing an upstream reflection are positively correlated.
 *
 * Assumes: as {@link reflectionStaleProbability}.
 *
 * @throws FaultlineError (INVALID_PARAMETER) as {@link reflectionStaleProbability}, or naming `ids`.
 */
export function reflectionsAllFreshProbability(reflections: readonly Reflection[], ids: readonly string[]): number {
  const byId = indexGraph(reflections);
  for (const id of ids) requireKnown(byId, 'ids', id);
  return Math.exp(logFresh(byId, closure(byId, ids)));
}

/**
 * The path-product staleness s_i = 1 − (1 − f_i)·Π_{d ∈ dependsOn(i)} (1 − s_d): the
 * combination rule of seed 000's `cascade_failure_analysis` (a ⊕ b = a + b − ab over direct
 * dependencies, recursively), which treats the dependencies' staleness as independent. It
 * counts a shared upstream reflection once per path, so it OVERSTATES staleness on a diamond
 * (the exact value is {@link reflectionStaleProbability}); on a tree the two agree. Seed 000
 * also inflates each f_i by 2% per dependency and caps results at 0.99; those belong to its
 * published form, not here.
 *
 * @throws FaultlineError (INVALID_PARAMETER) as {@link reflectionStaleProbability}.
 */
export function pathProductStaleProbability(reflections: readonly Reflection[], id: string): number {
  const byId = indexGraph(reflections);
  requireKnown(byId, 'id', id);
  const memo = new Map<string, number>(); // log P(fresh) under the path-product rule
  const logFreshPaths = (rid: string): number => {
    const cached = memo.get(rid);
    if (cached !== undefined) return cached;
    const r = byId.get(rid)!;
    let sum = Math.log1p(-r.refreshFailure);
    for (const dep of r.dependsOn) sum += logFreshPaths(dep);
    memo.set(rid, sum);
    return sum;
  };
  return 0 - Math.expm1(logFreshPaths(id));
}

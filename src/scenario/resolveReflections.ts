/** The `reflections` of a scenario file resolved: each refresh failure probability fixed (seed 000's rates applied), the graph checked acyclic. */
import { describeValue } from '../errors.js';
import { reflectionFailureModel } from '../analytic/published/reflectionFailureModel.js';
import type { ReflectionsInput } from './schema.js';

/** One reflection, resolved. */
export interface ReflectionSpec {
  readonly name: string;
  /** P(one refresh fails), in [0, 1). */
  readonly refreshFailure: number;
  /** Seed 000's refresh type when the file gave one instead of a probability (for the published cascade). */
  readonly refreshType: string | null;
  readonly dependsOn: readonly string[];
}

/** Reflections refreshed every `every` hours (docs/reflections-and-recovery.md, "Reflections"). */
export interface ReflectionsSpec {
  /** The refresh period, hours: cycles end at every, 2·every, … up to the horizon. */
  readonly every: number;
  /** In file order. */
  readonly reflections: readonly ReflectionSpec[];
}

/**
 * Resolves `reflections`, pushing each problem as `reflections.<name>.<field>: expected …, got …`:
 * a probability in [0, 1), dependencies that name listed reflections (not itself), no cycle, at
 * least one reflection, and at least one cycle end in [warmup, horizon]. A `{ refreshType }`
 * failure is seed 000's `1 − refresh_success_probability(type, dependency count)`: its base rate
 * (incremental 5 %, full 10 %, first_time 20 %, other 15 %) × (1 + 0.02 × direct dependencies),
 * capped at 0.95.
 */
export function resolveReflections(input: ReflectionsInput, span: { readonly horizon: number; readonly warmup: number }, problems: string[]): ReflectionsSpec | undefined {
  const before = problems.length;
  const every = input.every;
  const entries = Object.entries(input).filter(([k]) => k !== 'every') as [string, { refreshFailure: number | { refreshType: string }; dependsOn?: string[] }][];
  if (entries.length === 0) problems.push('reflections: expected at least one reflection besides "every", got none');
  // The same cycle range as the module: k from max(1, ⌈warmup/every⌉) to ⌊horizon/every⌋.
  if (Math.floor(span.horizon / every + 1e-9) < Math.max(1, Math.ceil(span.warmup / every - 1e-9))) {
    problems.push(`reflections.every: expected a period with at least one cycle end in [warmup, horizon] (${span.warmup} h, ${span.horizon} h), got ${describeValue(every)} h`);
  }
  const names = new Set(entries.map(([n]) => n));
  const model = reflectionFailureModel();
  const reflections: ReflectionSpec[] = entries.map(([name, r]) => {
    const dependsOn = r.dependsOn ?? [];
    dependsOn.forEach((d, i) => {
      if (!names.has(d)) problems.push(`reflections.${name}.dependsOn.${i}: expected the name of a listed reflection, got ${describeValue(d)}`);
      else if (d === name) problems.push(`reflections.${name}.dependsOn.${i}: expected another reflection (a reflection cannot read itself), got ${describeValue(d)}`);
      else if (dependsOn.indexOf(d) !== i) problems.push(`reflections.${name}.dependsOn.${i}: expected each dependency once, got ${describeValue(d)} again`);
    });
    const f = r.refreshFailure;
    if (typeof f === 'number') {
      if (!(f >= 0 && f < 1)) problems.push(`reflections.${name}.refreshFailure: expected a probability in [0, 1), got ${describeValue(f)}`);
      return { name, refreshFailure: f, refreshType: null, dependsOn };
    }
    return { name, refreshFailure: 1 - model.refreshSuccessProbability(f.refreshType, dependsOn.length), refreshType: f.refreshType, dependsOn };
  });
  if (problems.length > before) return undefined;
  // A cycle: depth-first search, reporting the first reflection found on one.
  const byName = new Map(reflections.map((r) => [r.name, r]));
  const state = new Map<string, 'open' | 'done'>();
  const onCycle = (n: string, path: string[]): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    for (const d of byName.get(n)?.dependsOn ?? []) {
      const c = onCycle(d, [...path, n]);
      if (c !== null) return c;
    }
    state.set(n, 'done');
    return null;
  };
  for (const r of reflections) {
    const c = onCycle(r.name, []);
    if (c !== null) {
      problems.push(`reflections.${c[0]}.dependsOn: expected an acyclic graph, got the cycle ${c.join(' → ')}`);
      return undefined;
    }
  }
  return { every, reflections };
}

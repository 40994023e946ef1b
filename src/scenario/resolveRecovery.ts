/** The `recovery` of a scenario file resolved: its steps' laws stripped of absent fields, their dependencies checked acyclic. */
import { describeValue } from '../errors.js';
import type { RecoveryInput } from './schema.js';
import type { ScenarioDistribution } from './validateScenario.js';

export interface RecoveryStepSpec {
  readonly name: string;
  /** Its duration law, hours. */
  readonly duration: ScenarioDistribution;
  /** Steps that must finish before it starts (empty in mode parallel). */
  readonly after: readonly string[];
}

/** One incident per replication (docs/reflections-and-recovery.md, "Recovery times"). */
export interface RecoverySpec {
  readonly mode: 'parallel' | 'dependencies';
  /** Topologically ordered: every step after the steps it waits for. */
  readonly steps: readonly RecoveryStepSpec[];
}

/**
 * Resolves `recovery`, pushing each problem as `recovery.steps.<name>.after…: expected …, got …`:
 * at least one step; `after` only in mode "dependencies", naming other listed steps, each once,
 * without a cycle. The steps come out in a topological order (file order where it is free).
 */
export function resolveRecovery(input: RecoveryInput, problems: string[]): RecoverySpec | undefined {
  const before = problems.length;
  const entries = Object.entries(input.steps);
  if (entries.length === 0) problems.push('recovery.steps: expected at least one step, got none');
  const names = new Set(entries.map(([n]) => n));
  const steps: RecoveryStepSpec[] = entries.map(([name, s]) => {
    const after = s.after ?? [];
    if (after.length > 0 && input.mode === 'parallel') problems.push(`recovery.steps.${name}.after: expected no dependencies in mode "parallel" (use mode "dependencies"), got ${describeValue(after)}`);
    after.forEach((d, i) => {
      if (!names.has(d)) problems.push(`recovery.steps.${name}.after.${i}: expected the name of a listed step, got ${describeValue(d)}`);
      else if (d === name) problems.push(`recovery.steps.${name}.after.${i}: expected another step, got ${describeValue(d)}`);
      else if (after.indexOf(d) !== i) problems.push(`recovery.steps.${name}.after.${i}: expected each step once, got ${describeValue(d)} again`);
    });
    const duration = Object.fromEntries(Object.entries(s.duration).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
    return { name, duration, after };
  });
  if (problems.length > before) return undefined;
  // Kahn's algorithm in file order; what is left over lies on a cycle.
  const ordered: RecoveryStepSpec[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress && ordered.length < steps.length) {
    progress = false;
    for (const s of steps) {
      if (!placed.has(s.name) && s.after.every((d) => placed.has(d))) {
        ordered.push(s);
        placed.add(s.name);
        progress = true;
      }
    }
  }
  if (ordered.length < steps.length) {
    const left = steps.filter((s) => !placed.has(s.name)).map((s) => s.name);
    problems.push(`recovery.steps.${left[0]}.after: expected an acyclic order, got a cycle among ${left.join(', ')}`);
    return undefined;
  }
  return { mode: input.mode, steps: ordered };
}

/**
 * The normal that seed 000's `RecoveryTimeModel` assumes for a step: the parent normal's
 * (mean, sd) for a truncated normal (the seed's table entry, before truncation), the law's own
 * mean and standard deviation otherwise (a lognormal "of the same mean and sd").
 */
export function seedNormalOf(spec: ScenarioDistribution, law: { readonly mean: number; readonly variance: number }): { mean: number; sd: number } {
  if (spec.type === 'truncatedNormal') return { mean: spec['mean'] as number, sd: spec['sd'] as number };
  return { mean: law.mean, sd: Math.sqrt(law.variance) };
}

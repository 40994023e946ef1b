/** Reflection staleness paired with its exact value and with seed 000's published cascade (docs/reflections-and-recovery.md, "Reflections"). */
import { pathProductStaleProbability, reflectionStaleProbability, type Reflection } from '../analytic/reflectionDag.js';
import { reflectionFailureModel, reflectionFailureModelInfo } from '../analytic/published/reflectionFailureModel.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { PipelineClaim } from './pipelinePairs.js';

/**
 * For each reflection r, `r.stale_fraction` paired with: the exact P(stale) = 1 − Π over r and
 * its ancestors of (1 − p) (`reflectionStaleProbability`, correct); the path-product rule that
 * seed 000's `cascade_failure_analysis` combines with, each shared ancestor counted once per path
 * (`pathProductStaleProbability`, published, where it differs from the exact value: a diamond);
 * and, when every reflection gives seed 000's refresh type, `cascade_failure_analysis` itself as
 * published (its shared mutable default `visited`, its 0.99 caps), on the graph in file order.
 */
export function reflectionClaims(scenario: Scenario): PipelineClaim[] {
  const spec = scenario.reflections;
  if (spec === undefined) return [];
  const graph: Reflection[] = spec.reflections.map((r) => ({ id: r.name, refreshFailure: r.refreshFailure, dependsOn: r.dependsOn }));
  const typed = spec.reflections.every((r) => r.refreshType !== null);
  const published = typed
    ? reflectionFailureModel().cascadeFailureAnalysis(new Map(spec.reflections.map((r) => [r.name, { refreshType: r.refreshType as string, dependencies: r.dependsOn }])))
    : null;
  const cascadeWhy = reflectionFailureModelInfo.find((m) => m.id === 'ReflectionFailureModel.cascade_failure_analysis')?.flaws.join('; ') ?? '';
  const out: PipelineClaim[] = [];
  for (const r of spec.reflections) {
    const metric = `${r.name}.stale_fraction`;
    const exact = reflectionStaleProbability(graph, r.name);
    out.push({
      metric,
      formula: '1 − Π over the reflection and its ancestors of (1 − p) (each ancestor once)',
      kind: 'correct',
      analytic: exact,
      why: '',
      source: 'a series system of the distinct refreshes the reflection depends on (Barlow & Proschan 1975, ch. 2)',
      assumes: 'refreshes fail independently each cycle, with fixed probabilities; a failed upstream refresh makes every reflection downstream of it stale for that cycle',
    });
    const paths = pathProductStaleProbability(graph, r.name);
    if (Math.abs(paths - exact) > 1e-12) {
      out.push({
        metric,
        formula: "seed 000's cascade rule a ⊕ b = a + b − ab over direct dependencies, recursively (visited bug fixed)",
        kind: 'published',
        analytic: paths,
        why: 'a shared upstream reflection reached by several paths is counted once per path, as if its failures were independent of themselves',
        source: 'seed 000 ReflectionFailureModel.cascade_failure_analysis (its combination rule)',
        assumes: 'each path to an ancestor independent of the others',
      });
    }
    const value = published?.get(r.name);
    if (value !== undefined) {
      out.push({ metric, formula: 'seed 000 ReflectionFailureModel.cascade_failure_analysis, as published', kind: 'published', analytic: value, why: cascadeWhy, source: 'seed 000 ReflectionFailureModel.cascade_failure_analysis', assumes: 'refresh types’ base rates × (1 + 0.02 per dependency), capped at 0.95; reflections evaluated in file order' });
    }
  }
  return out;
}

/** Importance measures estimated over replications, each with its 95 % interval (docs/statistics.md, "Importance measures"). */
import type { Scenario } from '../scenario/validateScenario.js';
import { IMPORTANCE_FIELDS } from '../sim/metrics/ImportanceMeter.js';
import { Simulation } from '../sim/Simulation.js';

/** An estimate with its normal 95 % interval (mean ± 1.96 standard errors; a ratio's by the delta method). */
export interface Estimate {
  readonly value: number;
  readonly stderr: number;
  readonly low: number;
  readonly high: number;
}

/** The measures of one unit (a component, or a group forced whole) for one service. */
export interface UnitImportance {
  /** Birnbaum: fraction of [warmup, horizon] the service is critical for the unit. */
  readonly birnbaum: Estimate;
  /** Criticality: time the unit restores the service if forced up, over the service's downtime. */
  readonly criticality: Estimate;
  /** Risk-achievement worth U(S | unit down) / U(S). */
  readonly raw: Estimate;
  /** Risk-reduction worth U(S) / U(S | unit up). */
  readonly rrw: Estimate;
}

export interface ImportanceEstimate {
  readonly reps: number;
  /** Per service, its unavailability over [warmup, horizon]. */
  readonly unavailability: Readonly<Record<string, Estimate>>;
  /** Per service, per component (`group[index]`). */
  readonly component: Readonly<Record<string, Readonly<Record<string, UnitImportance>>>>;
  /** Per service, per group. */
  readonly group: Readonly<Record<string, Readonly<Record<string, UnitImportance>>>>;
  /** Per service, per group (and `none`: outages no component change started), the share of the downtime in outages the group's change started. */
  readonly downtimeShare: Readonly<Record<string, Readonly<Record<string, Estimate>>>>;
}

const Z = 1.96;

function estimate(value: number, stderr: number): Estimate {
  return { value, stderr, low: value - Z * stderr, high: value + Z * stderr };
}

/**
 * Runs `reps` replications with seed `seed` and the importance meter on. Per replication r, with
 * X_r a unit's hours and Y_r the service's hours down, a ratio R = ΣX/ΣY gets the delta-method
 * standard error sqrt(Σ(X_r − R·Y_r)² / (n(n − 1))) / Ȳ (Cochran, "Sampling Techniques", 1977,
 * §6.4): the replications, not the outages, are the independent units. A ratio whose
 * denominator is 0 in every replication is NaN.
 */
export function estimateImportance(scenario: Scenario, seed: number, reps: number): ImportanceEstimate {
  const simulation = new Simulation(scenario);
  const meter = simulation.measureImportance();
  const G = scenario.groups.length;
  const F = IMPORTANCE_FIELDS.length;
  const perRep: { comp: Float64Array; grp: Float64Array; down: Float64Array; share: Float64Array }[] = [];
  for (let r = 0; r < reps; r++) {
    simulation.run(seed, r);
    perRep.push({ comp: meter.byComponent.slice(), grp: meter.byGroup.slice(), down: meter.down.slice(), share: meter.shareHours.slice() });
  }
  const span = scenario.horizon - scenario.warmup;
  const n = reps;
  const mean = (get: (r: (typeof perRep)[number]) => number): Estimate => {
    let sx = 0;
    let sxx = 0;
    for (const r of perRep) {
      const v = get(r) / span;
      sx += v;
      sxx += v * v;
    }
    const m = sx / n;
    const variance = n > 1 ? Math.max(0, (sxx - n * m * m) / (n - 1)) : NaN;
    return estimate(m, Math.sqrt(variance / n));
  };
  const ratio = (top: (r: (typeof perRep)[number]) => number, bottom: (r: (typeof perRep)[number]) => number): Estimate => {
    let sx = 0;
    let sy = 0;
    for (const r of perRep) {
      sx += top(r);
      sy += bottom(r);
    }
    if (!(sy > 0)) return estimate(NaN, NaN);
    const R = sx / sy;
    let se = 0;
    for (const r of perRep) se += (top(r) - R * bottom(r)) ** 2;
    const ybar = sy / n;
    return estimate(R, n > 1 ? Math.sqrt(se / (n * (n - 1))) / ybar : NaN);
  };
  const unit = (pick: (r: (typeof perRep)[number]) => Float64Array, at: number, s: number): UnitImportance => ({
    birnbaum: mean((r) => pick(r)[at] as number),
    criticality: ratio((r) => pick(r)[at + 1] as number, (r) => r.down[s] as number),
    raw: ratio((r) => pick(r)[at + 2] as number, (r) => r.down[s] as number),
    rrw: ratio((r) => r.down[s] as number, (r) => pick(r)[at + 3] as number),
  });
  const unavailability: Record<string, Estimate> = {};
  const component: Record<string, Record<string, UnitImportance>> = {};
  const group: Record<string, Record<string, UnitImportance>> = {};
  const downtimeShare: Record<string, Record<string, Estimate>> = {};
  const nComponents = scenario.groups.reduce((sum, g) => sum + g.count, 0);
  scenario.services.forEach((svc, s) => {
    unavailability[svc.name] = mean((r) => r.down[s] as number);
    const comps: Record<string, UnitImportance> = {};
    const grps: Record<string, UnitImportance> = {};
    const shares: Record<string, Estimate> = {};
    let c = 0;
    scenario.groups.forEach((g, gi) => {
      for (let i = 0; i < g.count; i++, c++) comps[`${g.name}[${i}]`] = unit((r) => r.comp, (s * nComponents + c) * F, s);
      grps[g.name] = unit((r) => r.grp, (s * G + gi) * F, s);
      shares[g.name] = ratio((r) => r.share[s * (G + 1) + gi + 1] as number, (r) => r.down[s] as number);
    });
    shares['none'] = ratio((r) => r.share[s * (G + 1)] as number, (r) => r.down[s] as number);
    component[svc.name] = comps;
    group[svc.name] = grps;
    downtimeShare[svc.name] = shares;
  });
  return { reps, unavailability, component, group, downtimeShare };
}

/** Exact importance measures of independent exponential components over [warmup, horizon]: the time average of the structure's conditional probabilities (docs/statistics.md, "Importance measures"). */
import type { Scenario } from '../scenario/validateScenario.js';
import type { Gate, View } from '../sim/gates/Gate.js';
import { compile } from '../sim/kernel/Plan.js';
import { importanceUnsupported } from '../sim/metrics/ImportanceMeter.js';

/** Time fractions of [warmup, horizon] for one (service, unit); see IMPORTANCE_FIELDS. */
export interface ExactImportanceFractions {
  readonly critical: number;
  readonly restores: number;
  readonly downIfDown: number;
  readonly downIfUp: number;
}

export interface ExactImportance {
  /** Per service: its unavailability over [warmup, horizon]. */
  readonly unavailability: Readonly<Record<string, number>>;
  /** Per service, per group: one component of the group (components of a group are exchangeable). */
  readonly component: Readonly<Record<string, Readonly<Record<string, ExactImportanceFractions>>>>;
  /** Per service, per group: the group forced as a whole. */
  readonly group: Readonly<Record<string, Readonly<Record<string, ExactImportanceFractions>>>>;
}

/** Why the exact importance does not apply (not independent exponential components, unsupported gates), or null. */
export function exactImportanceUnsupported(scenario: Scenario): string | null {
  const why = importanceUnsupported(scenario);
  if (why !== null) return why;
  if (scenario.shocks !== undefined) return 'the scenario has common-cause shocks: its components are not independent';
  if (scenario.workload !== undefined) return 'the scenario has a workload';
  for (const g of scenario.groups) {
    if (g.failure.type !== 'exponential') return `${g.name}.failure is ${g.failure.type}, not exponential`;
    if (g.repair !== null && g.repair.type !== 'exponential') return `${g.name}.repair is ${g.repair.type}, not exponential`;
    if (g.crew !== null) return `${g.name} shares a crew: its components are not independent`;
    if (g.standby !== null) return `${g.name} has standby spares: its components are not independent`;
  }
  const combos = scenario.groups.reduce((p, g) => p * (g.count + 1), 1);
  if (combos > 200_000) return `${combos} joint up counts: too many to enumerate`;
  return null;
}

/** The mean of an exponential spec written with a `mean` or a `rate` (as exactFor reads it). */
function exponentialMean(spec: Scenario['groups'][number]['failure']): number {
  if (typeof spec['mean'] === 'number') return spec['mean'];
  return typeof spec['rate'] === 'number' ? 1 / spec['rate'] : NaN;
}

/** Simpson points over [warmup, horizon] (even number of intervals). */
const INTERVALS = 400;

/**
 * The exact measures, for independent components (one repairer each) with exponential failure
 * (rate λ) and repair (rate μ) laws: a component that starts up is up at t with probability
 * p(t) = A + (1 − A)e^{−(λ+μ)t}, A = μ/(λ+μ) (two-state Markov chain; Barlow & Proschan,
 * "Statistical Theory of Reliability and Life Testing", 1975, ch. 7), and one that starts in
 * steady state with A; without repair p(t) = e^{−λt}. Independence makes each group's up count
 * Binomial(n_g, p_g(t)) and the groups independent, so every measure at t is a sum over the joint
 * up counts (u_g) of its probability times the structure evaluated there (by the scenario's own
 * gates: φ is the structure function, the probabilities are computed here). A component of group
 * g is up with probability u_g/n_g given u_g (exchangeability), so forcing it up or down moves the
 * count to u_g ± 1. The fraction of [warmup, horizon] is the time average of these probabilities,
 * by Simpson's rule on 400 intervals (the integrands are smooth: error far below any Monte Carlo
 * interval). The Birnbaum measure is then h(1_i, p) − h(0_i, p) (Birnbaum, 1969, "On the
 * importance of different components in a multicomponent system").
 */
export function exactImportance(scenario: Scenario): ExactImportance {
  const why = exactImportanceUnsupported(scenario);
  if (why !== null) throw new Error(`exact importance: ${why}`);
  const groups = scenario.groups;
  const G = groups.length;
  const S = scenario.services.length;
  const gates = compile(scenario).kernel.services.gates;
  const counts = Int32Array.from(groups, (g) => g.count);
  const groupUp = new Int32Array(G);
  const serviceUp = new Uint8Array(S);
  const view: View = { groupUp, groupCount: counts, state: new Uint8Array(0), serviceUp };
  const phiAt = (): Uint8Array => {
    for (let s = 0; s < S; s++) serviceUp[s] = (gates[s] as Gate).evaluate(view) ? 1 : 0;
    return serviceUp.slice();
  };
  // Joint up counts, and φ at each with one group's count moved (−1, +1, 0, all).
  const combos: { u: Int32Array; phi: Uint8Array; moved: Uint8Array[][] }[] = [];
  const u = new Int32Array(G);
  const walk = (g: number): void => {
    if (g === G) {
      groupUp.set(u);
      const phi = phiAt();
      const moved = Array.from({ length: G }, (_, h) => {
        const at = (count: number) => {
          groupUp.set(u);
          groupUp[h] = Math.max(0, Math.min(counts[h] as number, count));
          return phiAt();
        };
        return [at((u[h] as number) - 1), at((u[h] as number) + 1), at(0), at(counts[h] as number)];
      });
      combos.push({ u: u.slice(), phi, moved });
      return;
    }
    for (let k = 0; k <= (counts[g] as number); k++) {
      u[g] = k;
      walk(g + 1);
    }
  };
  walk(0);
  const rates = groups.map((g) => ({
    lambda: 1 / exponentialMean(g.failure),
    mu: g.repair === null ? 0 : 1 / exponentialMean(g.repair),
    steady: g.initial === 'steady',
  }));
  const pAt = (g: number, t: number): number => {
    const { lambda, mu, steady } = rates[g] as { lambda: number; mu: number; steady: boolean };
    const A = mu / (lambda + mu);
    return steady && mu > 0 ? A : A + (1 - A) * Math.exp(-(lambda + mu) * t);
  };
  const binom = (n: number, k: number): number => {
    let c = 1;
    for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
    return c;
  };
  // Accumulators: [s][g] × 4 for component and group; [s] unavailability.
  const comp = new Float64Array(S * G * 4);
  const grp = new Float64Array(S * G * 4);
  const unav = new Float64Array(S);
  const { warmup, horizon } = scenario;
  const h = (horizon - warmup) / INTERVALS;
  for (let j = 0; j <= INTERVALS; j++) {
    const t = warmup + j * h;
    const w = (j === 0 || j === INTERVALS ? 1 : j % 2 === 1 ? 4 : 2) / (3 * INTERVALS);
    const p = Array.from({ length: G }, (_, g) => pAt(g, t));
    for (const c of combos) {
      let prob = w;
      for (let g = 0; g < G; g++) {
        const n = counts[g] as number;
        const k = c.u[g] as number;
        prob *= binom(n, k) * (p[g] as number) ** k * (1 - (p[g] as number)) ** (n - k);
      }
      if (prob === 0) continue;
      for (let s = 0; s < S; s++) {
        const now = c.phi[s] as number;
        if (now === 0) unav[s] = (unav[s] as number) + prob;
        for (let g = 0; g < G; g++) {
          const n = counts[g] as number;
          const k = c.u[g] as number;
          const [less, more, none, all] = c.moved[g] as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
          const at = (s * G + g) * 4;
          // Group forced whole.
          addFractions(grp, at, all[s] as number, none[s] as number, now, prob);
          // One component: up (probability k/n) or down ((n − k)/n).
          if (k > 0) addFractions(comp, at, now, less[s] as number, now, (prob * k) / n);
          if (k < n) addFractions(comp, at, more[s] as number, now, now, (prob * (n - k)) / n);
        }
      }
    }
  }
  const read = (a: Float64Array, at: number): ExactImportanceFractions => ({ critical: a[at] as number, restores: a[at + 1] as number, downIfDown: a[at + 2] as number, downIfUp: a[at + 3] as number });
  const unavailability: Record<string, number> = {};
  const component: Record<string, Record<string, ExactImportanceFractions>> = {};
  const group: Record<string, Record<string, ExactImportanceFractions>> = {};
  scenario.services.forEach((svc, s) => {
    unavailability[svc.name] = unav[s] as number;
    component[svc.name] = {};
    group[svc.name] = {};
    groups.forEach((g, gi) => {
      (component[svc.name] as Record<string, ExactImportanceFractions>)[g.name] = read(comp, (s * G + gi) * 4);
      (group[svc.name] as Record<string, ExactImportanceFractions>)[g.name] = read(grp, (s * G + gi) * 4);
    });
  });
  return { unavailability, component, group };
}

function addFractions(into: Float64Array, at: number, one: number, zero: number, now: number, p: number): void {
  if (one !== zero) into[at] = (into[at] as number) + p;
  if (one === 1 && now === 0) into[at + 1] = (into[at + 1] as number) + p;
  if (zero === 0) into[at + 2] = (into[at + 2] as number) + p;
  if (one === 0) into[at + 3] = (into[at + 3] as number) + p;
}

/** The scenario oracle: for each service, the exact values a simulation can be compared with, or the reason there are none. */
import { absorption } from '../analytic/ctmc/absorption.js';
import { accumulatedReward, expectedTimeIn } from '../analytic/ctmc/expectedTimeIn.js';
import { generator, type Transition } from '../analytic/ctmc/generator.js';
import { steadyState } from '../analytic/ctmc/steadyState.js';
import { transient, transientAt } from '../analytic/ctmc/transient.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { binomialProbabilities } from '../analytic/kOfNGroups.js';
import type { Scenario } from '../scenario/validateScenario.js';

type ServiceSpec = Scenario['services'][number];

/**
 * Exact values for one service, all from the scenario's initial state; times in hours. Every
 * value describes the same start state and span as the simulation's metric of the same name:
 * [warmup, horizon] for interval measures, [0, t] for reliability and first failures.
 */
export interface ExactService {
  readonly service: string;
  /** Long-run fraction of time up; null for crash-stop systems, which end down. */
  readonly steadyStateAvailability: number | null;
  /** Expected fraction of [warmup, horizon] up. */
  readonly intervalAvailability: number;
  /** Expected hours down in [warmup, horizon]: (horizon − warmup)·(1 − intervalAvailability). */
  readonly expectedDowntime: number;
  /** Expected number of outages overlapping [warmup, horizon]: P(down at warmup) + the expected up→down transitions in (warmup, horizon]. */
  readonly expectedOutages: number;
  /** P(no outage overlaps [warmup, horizon]): up at warmup and no up→down transition until the horizon. */
  readonly noOutageProbability: number;
  /** P(up at t) at each grid time. */
  readonly pointAvailability: readonly number[];
  /** P(not failed by t) at each grid time. */
  readonly reliability: readonly number[];
  /** Mean time to the first failure (0 contributions from starts already down). */
  readonly mttf: number;
  /** E[min(T, horizon)] for T the time of the first failure: ∫₀^horizon R(t) dt, what a run censored at the horizon estimates. */
  readonly restrictedMeanFirstFailure: number;
  /** P(failed by the horizon) = 1 − R(horizon). */
  readonly failedByHorizon: number;
  /** How the values were obtained, and what they assume. */
  readonly method: string;
}

/** Exact values for one group of identical components (and its crew, when the crew serves only it). */
export interface ExactGroup {
  readonly group: string;
  /** Expected fraction of [warmup, horizon] a component is up. */
  readonly componentUp: number;
  /** Expected number of component failures in [warmup, horizon]. */
  readonly expectedFailures: number;
  /** For a group with its own crew: the crew's name and expected fraction of its repairers busy over [warmup, horizon]. */
  readonly crew: { readonly name: string; readonly utilization: number } | null;
  /** For a standby group: the expected switches that did not fail and that failed on demand in [warmup, horizon]. */
  readonly standby?: { readonly switchovers: number; readonly switchFailures: number };
  readonly method: string;
}

export interface NotExact {
  readonly service: string;
  readonly reason: string;
  /** Exact values that do exist for a part of the question, with what they mean. */
  readonly partial?: readonly { readonly quantity: string; readonly value: number; readonly note: string }[];
}

export type ExactResult = ExactService | NotExact;

export function isExact(result: ExactResult): result is ExactService {
  return 'intervalAvailability' in result;
}

// Past this many states the dense CTMC solvers (O(n³)) take too long for an interactive oracle.
const MAX_STATES = 2000;

interface GroupChain {
  readonly name: string;
  readonly count: number;
  readonly failureRate: number;
  readonly repairRate: number;
  /** Repairers serving this group: its crew's count, or one per component. */
  readonly servers: number;
  /** Distribution of the number failed at time 0. */
  readonly initial: readonly number[];
}

/** The mean of a distribution spec written with a `mean` (exponential, lognormal by moments) or a `rate` (exponential); NaN otherwise. */
export function exponentialMean(spec: Scenario['groups'][number]['failure']): number {
  if (typeof spec['mean'] === 'number') return spec['mean'];
  return typeof spec['rate'] === 'number' ? 1 / spec['rate'] : NaN;
}

/** The groups a service depends on (through other services), or a reason it is not a function of per-group counts. */
function groupsOf(scenario: Scenario, service: ServiceSpec, seen: Set<string> = new Set()): Set<string> | string {
  const byName = new Map(scenario.services.map((s) => [s.name, s]));
  switch (service.gate) {
    case 'kOfGroup':
      return new Set([service.group]);
    case 'quorum':
      if (scenario.network !== null) return 'its quorum depends on which links are up, not only on how many nodes are';
      return new Set(service.executors === null ? [service.coordinators] : [service.coordinators, service.executors]);
    case 'connected':
      return 'connectivity depends on which links are up, not only on how many';
    case 'bft':
      return 'a bft gate depends on which replicas are byzantine, not only on how many are up (faultPairs checks it)';
    case 'kOfMembers': {
      const groups = new Set<string>();
      for (const m of service.members) {
        if (m.type === 'group') groups.add(m.name);
        else {
          if (seen.has(m.name)) continue;
          seen.add(m.name);
          const inner = groupsOf(scenario, byName.get(m.name) as ServiceSpec, seen);
          if (typeof inner === 'string') return `its member ${m.name}: ${inner}`;
          for (const g of inner) groups.add(g);
        }
      }
      return groups;
    }
  }
}

/** Whether the service is up when group g has failed[g] components down. */
function upFunction(scenario: Scenario, index: Map<string, number>): (service: ServiceSpec, failed: readonly number[]) => boolean {
  const groupCount = new Map(scenario.groups.map((g) => [g.name, g.count]));
  const byName = new Map(scenario.services.map((s) => [s.name, s]));
  const up = (service: ServiceSpec, failed: readonly number[]): boolean => {
    const f = (name: string) => failed[index.get(name) as number] as number;
    const n = (name: string) => groupCount.get(name) as number;
    switch (service.gate) {
      case 'kOfGroup':
        return n(service.group) - f(service.group) >= service.k;
      case 'quorum':
        return (
          n(service.coordinators) - f(service.coordinators) >= Math.floor(n(service.coordinators) / 2) + 1 &&
          (service.executors === null || n(service.executors) - f(service.executors) >= service.executorsAtLeast)
        );
      case 'kOfMembers': {
        let count = 0;
        for (const m of service.members) if (m.type === 'group' ? f(m.name) === 0 : up(byName.get(m.name) as ServiceSpec, failed)) count++;
        return count >= service.k;
      }
      default:
        return false;
    }
  };
  return up;
}

/**
 * A group's failed-count chain, or why it has none: exponential laws, and a crew of its own (or
 * independent repair). A crew shared with other groups is handled by `crewBlock`.
 */
function groupChain(scenario: Scenario, g: Scenario['groups'][number]): GroupChain | string {
  if (g.failure.type !== 'exponential') return `${g.path}.failure is ${g.failure.type}, not exponential: the state is not Markov in the failed counts`;
  if (g.repair !== null && g.repair.type !== 'exponential') return `${g.path}.repair is ${g.repair.type}, not exponential`;
  let servers = g.count;
  if (g.crew !== null) servers = scenario.crews.find((k) => k.name === g.crew)?.count ?? 1;
  const failureRate = 1 / exponentialMean(g.failure);
  const repairRate = g.repair === null ? 0 : 1 / exponentialMean(g.repair);
  const q = repairRate === 0 ? 0 : (1 / repairRate) / (1 / failureRate + 1 / repairRate);
  // Stationary start: the failed count is Binomial(count, q) (independent repair, so independent components).
  const initial = g.initial === 'steady' ? binomialProbabilities(g.count, q, 1 - q) : [1, ...new Array<number>(g.count).fill(0)];
  return { name: g.name, count: g.count, failureRate, repairRate, servers, initial };
}

/**
 * A class of a group: its components that the same set of shocks hits. With shocks that hit part
 * of a group its components are no longer exchangeable, but those of one class are, so the
 * failed count of each class is Markov where the group's was (a class is the whole group when
 * no shock, or every shock alike, hits all of it).
 */
interface ClassChain extends GroupChain {
  readonly group: string;
  /** The shocks that hit every component of the class (and none outside it, within its group): indices into `scenario.shocks`. */
  readonly shocks: readonly number[];
}

/** A shock's rate and per-member probability, for the chains (exponential times between shocks). */
interface ShockRate {
  readonly rate: number;
  readonly probability: number;
}

/** Every shock's rate (NaN when its times between shocks are not exponential). */
function shockRates(scenario: Scenario): ShockRate[] {
  return (scenario.shocks ?? []).map((s) => ({ rate: s.every.type === 'exponential' ? 1 / exponentialMean(s.every) : NaN, probability: s.probability }));
}

/**
 * Group g split into classes by the set of shocks that hit each component, or why its chain is
 * not exact: non-exponential laws (the group's, or a shock's that hits it), or a crew of fewer
 * repairers than components serving more than one class (who is repaired next then depends on
 * the order of failures, which per-class counts do not record).
 */
function classesOf(scenario: Scenario, g: Scenario['groups'][number]): ClassChain[] | string {
  const base = groupChain(scenario, g);
  if (typeof base === 'string') return base;
  const shocks = scenario.shocks ?? [];
  const hit = shocks.find((s) => s.components.some((c) => c.group === g.name));
  if (g.standby !== null && hit !== undefined) return `shock ${hit.name} hits the standby group ${g.name}: the standby chain has no shock jumps`;
  if (shocks.length === 0) return [{ ...base, group: g.name, shocks: [] }];
  const sets: number[][] = Array.from({ length: g.count }, () => []);
  shocks.forEach((s, m) => {
    for (const c of s.components) if (c.group === g.name) sets[c.index]?.push(m);
  });
  const classes = new Map<string, { shocks: number[]; size: number }>();
  for (const set of sets) {
    const key = set.join(',');
    const c = classes.get(key) ?? { shocks: set, size: 0 };
    c.size++;
    classes.set(key, c);
  }
  for (const m of new Set(sets.flat())) {
    const s = shocks[m] as NonNullable<Scenario['shocks']>[number];
    if (s.every.type !== 'exponential') return `${s.path}.every is ${s.every.type}, not exponential: the state is not Markov in the failed counts`;
  }
  const list = [...classes.values()];
  if (list.length === 1) return [{ ...base, group: g.name, shocks: (list[0] as { shocks: number[] }).shocks }];
  if (base.servers < base.count) {
    return `crew ${g.crew} serves components of ${g.name} that different shocks hit: who is repaired next depends on the order of failures, which per-class counts do not record`;
  }
  return list.map((c) => ({
    ...base,
    name: `${g.name}{${c.shocks.map((m) => (shocks[m] as { name: string }).name).join(', ') || 'no shock'}}`,
    group: g.name,
    count: c.size,
    servers: c.size,
    // Validation lets only groups starting "up" be hit by shocks.
    initial: [1, ...new Array<number>(c.size).fill(0)],
    shocks: c.shocks,
  }));
}

/**
 * The moves a shock makes from a state in which the classes it hits have `up` members up: each
 * class loses k of its u up members with probability C(u, k)·p^k·(1 − p)^(u − k), independently
 * (the binomial failure rate model: Vesely 1977; Atwood 1986; p = 1, all of them: the β-factor
 * model, Fleming 1974). No loss in any class is no move, and is left out.
 */
function shockMoves(up: readonly number[], p: number): { k: number[]; probability: number }[] {
  const pmf = up.map((u) => binomialProbabilities(u, p, 1 - p));
  const moves: { k: number[]; probability: number }[] = [];
  const total = up.reduce((a, u) => a * (u + 1), 1);
  for (let code = 1; code < total; code++) {
    const k: number[] = [];
    let probability = 1;
    let rest = code;
    up.forEach((u, i) => {
      const ki = rest % (u + 1);
      rest = Math.floor(rest / (u + 1));
      k.push(ki);
      probability *= (pmf[i] as number[])[ki] as number;
    });
    if (probability > 0) moves.push({ k, probability });
  }
  return moves;
}

/**
 * A class's failed count alone (0..count): its own failures and repairs and the shocks that hit
 * it. Markov by itself, because the shocks are Poisson processes that do not depend on the state
 * and the class shares no repairer with another (`classesOf`). `failing`: the rate at which its
 * components fail in each state, their own failures and the shocks' together.
 */
function classMarginal(c: ClassChain, rates: readonly ShockRate[]): { Q: ReturnType<typeof generator>; up: number[]; failing: number[] } {
  const n = c.count;
  const transitions: Transition[] = [];
  for (let f = 0; f <= n; f++) {
    if (f < n) transitions.push({ from: f, to: f + 1, rate: (n - f) * c.failureRate });
    if (f > 0 && c.repairRate > 0) transitions.push({ from: f, to: f - 1, rate: Math.min(f, c.servers) * c.repairRate });
    for (const m of c.shocks) {
      const r = rates[m] as ShockRate;
      for (const move of shockMoves([n - f], r.probability)) transitions.push({ from: f, to: f + (move.k[0] as number), rate: r.rate * move.probability });
    }
  }
  const up = Array.from({ length: n + 1 }, (_, f) => n - f);
  const shockKill = c.shocks.reduce((a, m) => a + (rates[m] as ShockRate).rate * (rates[m] as ShockRate).probability, 0);
  return { Q: generator(n + 1, transitions), up, failing: up.map((u) => u * c.failureRate + (shockKill === 0 ? 0 : u * shockKill)) };
}

/**
 * A part of the chain that moves independently of the others: one group with its own repairers,
 * or the groups that share a crew. Local states 0…size−1; the service chain is their product.
 */
interface Block {
  /** The chains it holds: a class of one group, or the groups of a shared crew. */
  readonly groups: readonly ClassChain[];
  readonly size: number;
  readonly initial: ArrayLike<number>;
  /** Failed count of each of `groups` in local state l (for a standby group: its components not UP, dormant and switching ones included). */
  failed(l: number): readonly number[];
  /** Repairers busy in local state l. */
  busy(l: number): number;
  /** Transitions out of local state l. */
  moves(l: number): { readonly to: number; readonly rate: number }[];
  readonly method: string;
}

/** One class of a group with repairers of its own: the birth–death chain of its failed count (the shocks' jumps join it in the product). */
function groupBlock(c: ClassChain): Block {
  return {
    groups: [c],
    size: c.count + 1,
    initial: c.initial,
    failed: (f) => [f],
    busy: (f) => Math.min(f, c.servers),
    moves: (f) => {
      const out: { to: number; rate: number }[] = [];
      if (f < c.count) out.push({ to: f + 1, rate: (c.count - f) * c.failureRate });
      if (f > 0 && c.repairRate > 0) out.push({ to: f - 1, rate: Math.min(f, c.servers) * c.repairRate });
      return out;
    },
    method: `${c.name} (0..${c.count}, ${c.repairRate === 0 ? 'no repair' : c.servers >= c.count ? 'independent repair' : `${c.servers} repairer${c.servers > 1 ? 's' : ''}`})`,
  };
}

/**
 * The groups sharing crew `crew` under its priority policy (non-preemptive, highest level first):
 * the state is, per group g, its failed count f_g and the number b_g in repair; every repairer is
 * busy while components wait (Σb = min(repairers, Σf)). A failure in g starts a repair at once if
 * a repairer is free; a repair of g that ends frees its repairer for the waiting component of the
 * highest-priority group. Exact when every group of the crew has a level of its own (at most one
 * unlisted); first come first served between two groups depends on the order of failures, which
 * counts do not record. Non-preemptive priority queues: Kleinrock, *Queueing Systems* vol. 2,
 * 1976, §3.6; here with finite sources (machine-repair) and solved as a CTMC, not in closed form.
 * States are those reachable from all up, found by breadth-first search.
 */
function crewBlock(scenario: Scenario, crew: Scenario['crews'][number]): Block | string {
  const sharers = scenario.groups.filter((x) => x.crew === crew.name);
  const spares = sharers.filter((g) => g.standby !== null);
  if (spares.length > 0) return `crew ${crew.name} is shared with the standby group ${spares.map((g) => g.name).join(', ')}: the shared crew's chain does not model spares`;
  const unlisted = sharers.filter((g) => !crew.priority.includes(g.name));
  if (unlisted.length > 1) {
    return `crew ${crew.name} is shared by ${unlisted.map((x) => x.name).join(', ')} at one level (first come first served): who is repaired next depends on the order of failures, which per-group counts do not record`;
  }
  const hit = (scenario.shocks ?? []).find((s) => s.components.some((c) => sharers.some((g) => g.name === c.group)));
  if (hit !== undefined) return `shock ${hit.name} hits groups that share crew ${crew.name}: the priority chain has no shock jumps`;
  const ordered = [...crew.priority.map((name) => sharers.find((g) => g.name === name) as Scenario['groups'][number]), ...unlisted];
  const chains: ClassChain[] = [];
  for (const g of ordered) {
    const chain = groupChain(scenario, g);
    if (typeof chain === 'string') return chain;
    if (g.initial !== 'up') return `${g.path}.initial is "${g.initial}": the stationary start of a shared crew is not a product of binomials`;
    chains.push({ ...chain, group: g.name, shocks: [] });
  }
  const G = chains.length;
  const servers = crew.count;
  // State: [f_0, b_0, f_1, b_1, …], keyed by its text for the search.
  const states: number[][] = [new Array<number>(2 * G).fill(0)];
  const index = new Map<string, number>([[states[0]!.join(','), 0]]);
  const edges: { to: number; rate: number }[][] = [];
  const id = (v: number[]): number => {
    const key = v.join(',');
    let i = index.get(key);
    if (i === undefined) {
      i = states.length;
      index.set(key, i);
      states.push(v);
    }
    return i;
  };
  for (let i = 0; i < states.length; i++) {
    const v = states[i] as number[];
    const busy = chains.reduce((sum, _, g) => sum + (v[2 * g + 1] as number), 0);
    const out: { to: number; rate: number }[] = [];
    chains.forEach((c, g) => {
      const f = v[2 * g] as number;
      const b = v[2 * g + 1] as number;
      if (f < c.count) {
        const w = [...v];
        w[2 * g] = f + 1;
        if (busy < servers) w[2 * g + 1] = b + 1;
        out.push({ to: id(w), rate: (c.count - f) * c.failureRate });
      }
      if (b > 0) {
        const w = [...v];
        w[2 * g] = f - 1;
        w[2 * g + 1] = b - 1;
        const next = chains.findIndex((_, h) => (w[2 * h] as number) > (w[2 * h + 1] as number));
        if (next >= 0) w[2 * next + 1] = (w[2 * next + 1] as number) + 1;
        out.push({ to: id(w), rate: b * c.repairRate });
      }
    });
    edges.push(out);
    if (states.length > MAX_STATES) return `crew ${crew.name}'s chain has more than ${MAX_STATES} states`;
  }
  const initial = new Float64Array(states.length);
  initial[0] = 1;
  return {
    groups: chains,
    size: states.length,
    initial,
    failed: (l) => chains.map((_, g) => (states[l] as number[])[2 * g] as number),
    busy: (l) => chains.reduce((sum, _, g) => sum + ((states[l] as number[])[2 * g + 1] as number), 0),
    moves: (l) => edges[l] as { to: number; rate: number }[],
    method: `${chains.map((c) => `${c.name} (0..${c.count})`).join(' and ')} sharing crew ${crew.name} (${servers} repairer${servers > 1 ? 's' : ''}, non-preemptive priority ${chains.map((c) => c.name).join(' > ')}; ${states.length} reachable states of failed and in-repair counts)`,
  };
}

/** A standby group's block, with per local state the rates of the events its group metrics count. */
interface StandbyBlock extends Block {
  readonly standby: {
    /** Components UP. */
    readonly up: readonly number[];
    /** Expected rates of components entering DOWN, of switches that do not fail, of switches that fail. */
    readonly failing: readonly number[];
    readonly switching: readonly number[];
    readonly switchFailing: readonly number[];
  };
}

/**
 * The chain of a standby group (docs/scenarios.md, "Standby spares") over (d, s): d components down (in
 * repair or waiting), s switching in. With a = count − spares, m = min(a, count − d) components
 * are active or switching in, so u = m − s are UP and r = count − d − m dormant. From (d, s):
 * an active failure (rate uλ) takes one down and tries the spares in turn, each failing on
 * demand with probability p: after j failed switches and a good one (probability p^j(1 − p),
 * j < r) the state is (d + 1 + j, s + 1), or (d + 1 + j, s) with an instantaneous switch-over;
 * when all r fail (p^r), (d + 1 + r, s). A dormant spare fails at rate r·φλ (φ: 0 cold, the
 * factor warm, 1 hot) to (d + 1, s); a switch-over completes at rate sσ (exponential switch-over
 * of mean 1/σ) to (d, s − 1); a repair completes at rate min(d, servers)·μ to (d − 1, s), the
 * repaired component active at once if m < a, else dormant. A switching spare does not fail.
 * With no repair and no spare failures this is the cold standby system of Trivedi (2002, ch. 8,
 * standby redundancy; pair: MTTF 2/λ, R(t) = e^{−λt}(1 + λt)); with one repairer, the cold
 * pair's birth–death chain 0 ⇄ 1 ⇄ 2 (λ, λ up; μ, μ down), A = (1 + ρ)/(1 + ρ + ρ²), ρ = λ/μ.
 * A fixed (or other non-exponential) switch-over has no such chain.
 */
function standbyBlock(g: Scenario['groups'][number], spec: NonNullable<Scenario['groups'][number]['standby']>, c: ClassChain): StandbyBlock | string {
  if (spec.switchover !== null && spec.switchover.type !== 'exponential') {
    return `${g.path}.standby.switchover is ${spec.switchover.type}, not exponential: a switch in progress for a ${spec.switchover.type} time is not memoryless, so the state is not Markov in the counts (an instantaneous or an exponential switch-over is exact)`;
  }
  const lambda = c.failureRate;
  const mu = c.repairRate;
  const servers = c.servers;
  const n = g.count;
  const a = n - spec.spares;
  const sigma = spec.switchover === null ? 0 : 1 / exponentialMean(spec.switchover);
  const p = spec.switchFailure;
  const dormantRate = spec.dormantFactor * lambda;
  const states: [number, number][] = [];
  const index = new Map<number, number>();
  for (let d = 0; d <= n; d++) {
    const most = sigma > 0 ? Math.min(a, n - d) : 0;
    for (let s = 0; s <= most; s++) {
      index.set(d * (n + 1) + s, states.length);
      states.push([d, s]);
    }
  }
  const at = (d: number, s: number) => index.get(d * (n + 1) + s) as number;
  const up: number[] = [];
  const failing: number[] = [];
  const switching: number[] = [];
  const switchFailing: number[] = [];
  const out = states.map(([d, s]) => {
    const m = Math.min(a, n - d);
    const u = m - s;
    const r = n - d - m;
    up.push(u);
    const moves: { to: number; rate: number }[] = [];
    let failedSwitches = 0; // E[J], the switches failed per active failure
    if (u > 0) {
      for (let j = 0; j < r; j++) {
        const q = p ** j * (1 - p);
        failedSwitches += j * q;
        if (q > 0) moves.push({ to: at(d + 1 + j, sigma > 0 ? s + 1 : s), rate: u * lambda * q });
      }
      const none = p ** r; // every spare fails on demand (r = 0: no spare to try)
      failedSwitches += r * none;
      if (none > 0) moves.push({ to: at(d + 1 + r, s), rate: u * lambda * none });
    }
    if (r > 0 && dormantRate > 0) moves.push({ to: at(d + 1, s), rate: r * dormantRate });
    if (s > 0) moves.push({ to: at(d, s - 1), rate: s * sigma });
    if (d > 0 && mu > 0) moves.push({ to: at(d - 1, s), rate: Math.min(d, servers) * mu });
    failing.push(u * lambda * (1 + failedSwitches) + r * dormantRate);
    switching.push(r > 0 ? u * lambda * (1 - p ** r) : 0);
    switchFailing.push(u * lambda * failedSwitches);
    return moves;
  });
  const repair = mu === 0 ? 'no repair' : servers >= n ? 'independent repair' : `${servers} repairer${servers > 1 ? 's' : ''}`;
  const switchover = sigma > 0 ? `exponential switch-over (mean ${1 / sigma} h)` : 'instantaneous switch-over';
  return {
    groups: [c],
    size: states.length,
    initial: states.map((_, i) => (i === 0 ? 1 : 0)),
    failed: (l) => [n - (up[l] as number)],
    busy: (l) => Math.min((states[l] as [number, number])[0], servers),
    moves: (l) => out[l] as { to: number; rate: number }[],
    method: `${g.name} (${spec.mode} standby, ${spec.spares} of ${n} spare, ${switchover}, switch failure ${p}, ${repair}: ${states.length} states over (down, switching))`,
    standby: { up, failing, switching, switchFailing },
  };
}

/** Whether group g shares its crew with another group (then the crew's block holds them all). */
function sharesCrew(scenario: Scenario, g: Scenario['groups'][number]): boolean {
  return g.crew !== null && scenario.groups.filter((x) => x.crew === g.crew).length > 1;
}

/** The blocks that hold group `name`: one per class (`classesOf`), or its shared crew's; or why there are none. */
function blocksOf(scenario: Scenario, name: string, cache: Map<string, Block[] | string>): Block[] | string {
  const g = scenario.groups.find((x) => x.name === name);
  if (g === undefined) return `no group ${name}`;
  const shared = sharesCrew(scenario, g);
  const key = shared ? `crew:${g.crew}` : `group:${name}`;
  let blocks = cache.get(key);
  if (blocks === undefined) {
    if (shared) {
      const block = crewBlock(scenario, scenario.crews.find((k) => k.name === g.crew) as Scenario['crews'][number]);
      blocks = typeof block === 'string' ? block : [block];
    } else {
      const classes = classesOf(scenario, g);
      if (typeof classes === 'string') blocks = classes;
      else if (g.standby !== null) {
        const block = standbyBlock(g, g.standby, classes[0] as ClassChain);
        blocks = typeof block === 'string' ? block : [block];
      } else blocks = classes.map(groupBlock);
    }
    cache.set(key, blocks);
  }
  return blocks;
}

/** E[∫ reward] over [warmup, horizon], from the scenario's initial distribution. */
function overSpan(scenario: Scenario, Q: ReturnType<typeof generator>, p0: ArrayLike<number>, reward: ArrayLike<number>): number {
  const full = accumulatedReward(Q, p0, scenario.horizon, reward);
  return scenario.warmup > 0 ? full - accumulatedReward(Q, p0, scenario.warmup, reward) : full;
}

/** A block's own generator. */
function blockGenerator(block: Block): ReturnType<typeof generator> {
  const transitions: Transition[] = [];
  for (let l = 0; l < block.size; l++) for (const m of block.moves(l)) transitions.push({ from: l, to: m.to, rate: m.rate });
  return generator(block.size, transitions);
}

/**
 * Exact values per group whose components have exponential up and down times, from its initial
 * state. A group with repairers of its own: the birth–death chain of its failed count; one that
 * shocks hit (all exponential) is summed over its classes (`classesOf`), each class's failed
 * count a chain of its own with the shocks' jumps (expected values add up, whatever the classes'
 * dependence through common shocks), and its failures count the shocks' too, as the simulation's
 * do. Groups sharing a crew under a priority policy: the crew's chain of failed and in-repair
 * counts. A standby group: its (down, switching) chain (`standbyBlock`), with its expected
 * switches. Left out: a crew shared first come first served (who is repaired first depends on the
 * order of failures), classes sharing a crew of fewer repairers than components, a shock that is
 * not exponential.
 */
export function exactForGroups(scenario: Scenario): ExactGroup[] {
  const out: ExactGroup[] = [];
  const span = scenario.horizon - scenario.warmup;
  const rates = shockRates(scenario);
  const cache = new Map<string, Block[] | string>();
  for (const g of scenario.groups) {
    const crew = scenario.crews.find((k) => k.name === g.crew);
    if (g.standby !== null) {
      const blocks = blocksOf(scenario, g.name, cache);
      if (typeof blocks !== 'string') out.push(standbyGroupExact(scenario, g, blocks[0] as StandbyBlock));
      continue;
    }
    if (sharesCrew(scenario, g)) {
      const blocks = blocksOf(scenario, g.name, cache);
      if (typeof blocks === 'string') continue;
      const block = blocks[0] as Block;
      const at = block.groups.findIndex((c) => c.group === g.name);
      const c = block.groups[at] as ClassChain;
      const Q = blockGenerator(block);
      const reward = (f: (l: number) => number) => overSpan(scenario, Q, block.initial, Array.from({ length: block.size }, (_, l) => f(l)));
      const up = (l: number) => c.count - (block.failed(l)[at] as number);
      out.push({
        group: g.name,
        componentUp: reward(up) / (c.count * span),
        expectedFailures: reward((l) => up(l) * c.failureRate),
        crew: crew === undefined ? null : { name: crew.name, utilization: reward((l) => block.busy(l)) / (crew.count * span) },
        method: `CTMC: ${block.method}; expected accumulated reward by uniformization`,
      });
      continue;
    }
    const classes = classesOf(scenario, g);
    if (typeof classes === 'string') continue;
    let upHours = 0;
    let failures = 0;
    let busy = 0;
    for (const c of classes) {
      const { Q, up, failing } = classMarginal(c, rates);
      upHours += overSpan(scenario, Q, c.initial, up);
      failures += overSpan(scenario, Q, c.initial, failing);
      // With more than one class the crew never queues (classesOf): its busy repairers are the failed count.
      if (crew !== undefined) busy += overSpan(scenario, Q, c.initial, up.map((_, f) => Math.min(f, crew.count)));
    }
    const first = classes[0] as ClassChain;
    const servers = Math.min(first.servers, g.count);
    const hit = classes.some((c) => c.shocks.length > 0);
    out.push({
      group: g.name,
      componentUp: upHours / (g.count * span),
      expectedFailures: failures,
      crew: crew === undefined ? null : { name: crew.name, utilization: busy / (crew.count * span) },
      method:
        `birth–death chain of the failed count (0..${g.count}), ${first.repairRate === 0 ? 'no repair' : `${classes.length > 1 ? g.count : servers} repairer${(classes.length > 1 ? g.count : servers) > 1 ? 's' : ''}`}; expected accumulated reward by uniformization` +
        (hit ? `; with shock jumps, summed over ${classes.length} class${classes.length > 1 ? 'es' : ''} by the shocks that hit them (${classes.map((c) => `${c.name} ×${c.count}`).join(', ')})` : ''),
    });
  }
  return out;
}

/** A standby group's exact values from its own chain: components UP, entries into DOWN, switches, and its crew's busy repairers. */
function standbyGroupExact(scenario: Scenario, g: Scenario['groups'][number], block: StandbyBlock): ExactGroup {
  const span = scenario.horizon - scenario.warmup;
  const Q = blockGenerator(block);
  const reward = (r: ArrayLike<number>) => overSpan(scenario, Q, block.initial, r);
  const crew = scenario.crews.find((k) => k.name === g.crew);
  const b = block.standby;
  return {
    group: g.name,
    componentUp: reward(b.up) / (g.count * span),
    expectedFailures: reward(b.failing),
    crew: crew === undefined ? null : { name: crew.name, utilization: reward(Array.from({ length: block.size }, (_, l) => block.busy(l))) / (crew.count * span) },
    standby: { switchovers: reward(b.switching), switchFailures: reward(b.switchFailing) },
    method: `chain of ${block.method}; expected accumulated reward by uniformization`,
  };
}

/** Exact expected values for one shock process with exponential times between shocks. */
export interface ExactShock {
  readonly shock: string;
  /** Expected shocks in [warmup, horizon]: rate·(horizon − warmup) (a Poisson process). */
  readonly expectedShocks: number;
  /** Expected components it fails in [warmup, horizon]: rate·p·∫ E[members up] dt; null where a member's class has no exact chain. */
  readonly expectedComponentsFailed: number | null;
  readonly method: string;
}

/**
 * Exact values per shock whose times between shocks are exponential (rate μ, a Poisson process):
 * the expected shocks in [warmup, horizon], μ·(horizon − warmup), and the expected components it
 * fails there, μ·p·Σ ∫ E[up members of each class it hits] dt over [warmup, horizon] (the
 * Poisson process sees time averages: PASTA, Wolff 1982), each class's expected up count from its
 * own chain (`classMarginal`). Other laws: left out (a renewal function, not a line).
 */
export function exactForShocks(scenario: Scenario): ExactShock[] {
  const out: ExactShock[] = [];
  const span = scenario.horizon - scenario.warmup;
  const rates = shockRates(scenario);
  (scenario.shocks ?? []).forEach((s, m) => {
    const r = rates[m] as ShockRate;
    if (!Number.isFinite(r.rate)) return;
    let upHours: number | null = 0;
    for (const g of scenario.groups) {
      if (!s.components.some((c) => c.group === g.name)) continue;
      const classes = classesOf(scenario, g);
      if (typeof classes === 'string') {
        upHours = null;
        break;
      }
      for (const c of classes) {
        if (!c.shocks.includes(m)) continue;
        const { Q, up } = classMarginal(c, rates);
        upHours += overSpan(scenario, Q, c.initial, up);
      }
    }
    out.push({
      shock: s.name,
      expectedShocks: r.rate * span,
      expectedComponentsFailed: upHours === null ? null : r.rate * r.probability * upHours,
      method: `Poisson shocks at rate ${r.rate} per hour, each member up failing with probability ${r.probability}; members' up counts from their classes' chains`,
    });
  });
  return out;
}

/**
 * Exact values for every service of a scenario whose components have exponential up and down
 * times: a CTMC over the number failed in each group the service depends on (a product of
 * blocks: each group with its repairers, or the groups sharing a crew under a priority policy,
 * with their in-repair counts), from the scenario's initial state. Gates that depend on which
 * links are up (quorum over a network, connectivity) are not functions of those counts: for them
 * the oracle says so, and gives what is exact (the steady-state probability that a full mesh of
 * identical links is disconnected).
 *
 * With common-cause shocks (exponential times between shocks, rate μ, per-member probability p),
 * a group that shocks hit in part is split into classes (group × the set of shocks hitting the
 * component), the chain is over the failed count of each class, and a gate sees a group's failed
 * count as the sum over its classes. A shock that hits classes S moves from a state with u_i up in
 * class i to one with k_i more failed in each i ∈ S at rate μ·Π C(u_i, k_i)p^k_i(1 − p)^(u_i − k_i)
 * (k = 0 everywhere is no move): the binomial failure rate model (Vesely 1977; Atwood 1986), the
 * β-factor model (Fleming 1974) at p = 1. It assumes, as the simulation does, that a shock leaves
 * members already down as they are, and that a member it fails is repaired as after its own
 * failure. A crew of fewer repairers than components serving more than one class of a group has
 * no exact value (the order of repairs is not in the counts), nor does a shock that is not
 * exponential.
 */
export function exactFor(scenario: Scenario): ExactResult[] {
  return scenario.services.map((service) => exactForService(scenario, service));
}

function exactForService(scenario: Scenario, service: ServiceSpec): ExactResult {
  const groups = groupsOf(scenario, service);
  if (typeof groups === 'string') return { service: service.name, reason: groups, ...networkPartial(scenario) };
  const blocks: Block[] = [];
  const cache = new Map<string, Block[] | string>();
  const groupNames = [...groups];
  for (const name of groupNames) {
    const found = blocksOf(scenario, name, cache);
    if (typeof found === 'string') return { service: service.name, reason: found };
    for (const block of found) if (!blocks.includes(block)) blocks.push(block);
  }
  const chains = blocks.flatMap((b) => b.groups);
  const blockOfChain = blocks.flatMap((b, i) => b.groups.map(() => i));
  const sizes = blocks.map((b) => b.size);
  const states = sizes.reduce((a, b) => a * b, 1);
  if (states > MAX_STATES) return { service: service.name, reason: `the chain has ${states} states (more than ${MAX_STATES})` };
  // A gate sees a group's failed count: the sum over its classes (a crew's block may hold groups the service does not use).
  const index = new Map(groupNames.map((name, i) => [name, i]));
  const groupOf = chains.map((c) => index.get(c.group) ?? -1);
  const isUp = upFunction(scenario, index);
  // State s encodes the blocks' local states in mixed radix.
  const local = (s: number): number[] => {
    const out: number[] = [];
    for (const size of sizes) {
      out.push(s % size);
      s = Math.floor(s / size);
    }
    return out;
  };
  const stride = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a * b, 1));
  const rates = shockRates(scenario);
  // Each shock that hits a class of the chain, with the classes it hits (each a block of its own: crewBlock refuses shocks).
  const shocksHere = rates
    .map((r, m) => ({ ...r, classes: chains.flatMap((c, i) => (c.shocks.includes(m) ? [i] : [])) }))
    .filter((x) => x.classes.length > 0);
  const transitions: Transition[] = [];
  const up: number[] = [];
  const down: number[] = [];
  const p0 = new Float64Array(states);
  for (let s = 0; s < states; s++) {
    const l = local(s);
    const failed = blocks.flatMap((b, i) => b.failed(l[i] as number));
    const groupFailed = new Array<number>(groupNames.length).fill(0);
    failed.forEach((f, i) => {
      const g = groupOf[i] as number;
      if (g >= 0) groupFailed[g] = (groupFailed[g] as number) + f;
    });
    (isUp(service, groupFailed) ? up : down).push(s);
    p0[s] = blocks.reduce((p, b, i) => p * (b.initial[l[i] as number] as number), 1);
    blocks.forEach((b, i) => {
      for (const m of b.moves(l[i] as number)) transitions.push({ from: s, to: s + (m.to - (l[i] as number)) * (stride[i] as number), rate: m.rate });
    });
    for (const shock of shocksHere) {
      const upIn = shock.classes.map((i) => (chains[i] as ClassChain).count - (failed[i] as number));
      for (const move of shockMoves(upIn, shock.probability)) {
        const to = shock.classes.reduce((t, i, j) => t + (move.k[j] as number) * (stride[blockOfChain[i] as number] as number), s);
        transitions.push({ from: s, to, rate: shock.rate * move.probability });
      }
    }
  }
  const Q = generator(states, transitions);
  const sum = (p: ArrayLike<number>, set: readonly number[]) => set.reduce((a, s) => a + (p[s] as number), 0);
  const repairable = chains.every((c) => c.repairRate > 0);
  const steadyStateAvailability = repairable ? sum(steadyState(Q), up) : null;
  const { horizon, warmup } = scenario;
  const span = horizon - warmup;
  const upMask = new Float64Array(states);
  for (const s of up) upMask[s] = 1;
  const interval = overSpan(scenario, Q, p0, upMask) / span;
  // The rate of up → down transitions out of each up state: its expected count is that of outages starting.
  const downSet = new Set(down);
  const outageRate = new Float64Array(states);
  for (const t of transitions) if (!downSet.has(t.from) && downSet.has(t.to)) outageRate[t.from] = (outageRate[t.from] as number) + t.rate;
  const atWarmup = warmup > 0 ? transient(Q, p0, warmup) : Float64Array.from(p0);
  const upAtWarmup = sum(atWarmup, up);
  const expectedOutages = 1 - upAtWarmup + overSpan(scenario, Q, p0, outageRate);
  const pointAvailability = transientAt(Q, p0, [...scenario.grid]).map((p) => sum(p, up));
  // Reliability: the same chain with every down state absorbing.
  const Qr = generator(states, transitions.filter((t) => !downSet.has(t.from)));
  const reliability = transientAt(Qr, p0, [...scenario.grid]).map((p) => sum(p, up));
  const survivalFromWarmup = upAtWarmup === 0 ? 0 : sum(transient(Qr, Array.from(atWarmup, (p, s) => (downSet.has(s) ? 0 : p / upAtWarmup)), span), up);
  const mttf = down.length === 0 ? Infinity : absorption(Qr, p0, down).meanTime;
  // Summed over the absorbing down states, so that a tiny probability keeps its digits.
  const failedByHorizon = sum(transient(Qr, p0, horizon), down);
  return {
    service: service.name,
    steadyStateAvailability,
    intervalAvailability: interval,
    expectedDowntime: overSpan(scenario, Q, p0, Float64Array.from(upMask, (u) => 1 - u)),
    expectedOutages,
    noOutageProbability: upAtWarmup * survivalFromWarmup,
    pointAvailability,
    reliability,
    mttf,
    restrictedMeanFirstFailure: expectedTimeIn(Qr, p0, horizon, up),
    failedByHorizon,
    method:
      `CTMC over the failed count of ${blocks.map((b) => b.method).join(' × ')}: ` +
      (shocksHere.length > 0 ? `classes of components by the shocks that hit them, with ${shocksHere.length} shock process${shocksHere.length > 1 ? 'es' : ''} (binomial jumps); ` : '') +
      `${states} states; GTH steady state, uniformization for A(t), R(t) and the interval, absorption for the MTTF`,
  };
}

/** For link-dependent services: the exact steady-state disconnection probability of a full mesh, where it applies. */
function networkPartial(scenario: Scenario): Pick<NotExact, 'partial'> {
  const net = scenario.network;
  if (net === null) return {};
  const links = scenario.groups.find((g) => g.name === net.linkGroup);
  const nodes = net.nodeGroups.reduce((n, name) => n + (scenario.groups.find((g) => g.name === name)?.count ?? 0), 0);
  const full = net.endpoints.length === (nodes * (nodes - 1)) / 2;
  if (!links || links.repair === null || !full) return {};
  const mttf = exponentialMean(links.failure);
  const mttr = exponentialMean(links.repair);
  if (!(mttf > 0 && mttr > 0)) return {};
  const a = mttf / (mttf + mttr);
  const partial = [
    {
      quantity: 'steady-state P(the mesh is disconnected)',
      value: meshDisconnectedProbability(nodes, a),
      note: `${nodes} nodes, ${net.endpoints.length} links each up with probability ${a} independently (Gilbert's recursion); any link-up law with these means`,
    },
  ];
  return { partial };
}

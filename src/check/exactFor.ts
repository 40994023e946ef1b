/** The scenario oracle: for each service, the exact values a simulation can be compared with, or the reason there are none. */
import { absorption } from '../analytic/ctmc/absorption.js';
import { accumulatedReward, expectedTimeIn } from '../analytic/ctmc/expectedTimeIn.js';
import { generator, type Transition } from '../analytic/ctmc/generator.js';
import { steadyState } from '../analytic/ctmc/steadyState.js';
import { transient, transientAt } from '../analytic/ctmc/transient.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { binomialProbabilities } from '../analytic/kOfNGroups.js';
import type { Scenario } from '../run/runScenario.js';

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
      return new Set([service.coordinators, service.executors]);
    case 'connected':
      return 'connectivity depends on which links are up, not only on how many';
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
        return n(service.coordinators) - f(service.coordinators) >= Math.floor(n(service.coordinators) / 2) + 1 && n(service.executors) - f(service.executors) >= service.executorsAtLeast;
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

/** A group's failed-count chain, or why it has none: exponential laws, and a crew of its own (or independent repair). */
function groupChain(scenario: Scenario, g: Scenario['groups'][number]): GroupChain | string {
  if (g.failure.type !== 'exponential') return `${g.path}.failure is ${g.failure.type}, not exponential: the state is not Markov in the failed counts`;
  if (g.repair !== null && g.repair.type !== 'exponential') return `${g.path}.repair is ${g.repair.type}, not exponential`;
  let servers = g.count;
  if (g.crew !== null) {
    const sharers = scenario.groups.filter((x) => x.crew === g.crew);
    if (sharers.length > 1) {
      return `crew ${g.crew} is shared by ${sharers.map((x) => x.name).join(', ')}: who is repaired next depends on the order of failures, which per-group counts do not record`;
    }
    servers = scenario.crews.find((k) => k.name === g.crew)?.count ?? 1;
  }
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

/** E[∫ reward] over [warmup, horizon], from the scenario's initial distribution. */
function overSpan(scenario: Scenario, Q: ReturnType<typeof generator>, p0: ArrayLike<number>, reward: ArrayLike<number>): number {
  const full = accumulatedReward(Q, p0, scenario.horizon, reward);
  return scenario.warmup > 0 ? full - accumulatedReward(Q, p0, scenario.warmup, reward) : full;
}

/**
 * Exact values per group whose components have exponential up and down times and a repair crew
 * of their own (or one repairer each): the birth–death chain of its failed count, from its
 * initial state. A group whose crew is shared has none (who is repaired first depends on the
 * order of failures). A group that shocks hit (all exponential) is summed over its classes
 * (`classesOf`), each class's failed count a chain of its own with the shocks' jumps (expected
 * values add up, whatever the classes' dependence through common shocks); its failures count the
 * shocks' too, as the simulation's do. A group whose classes share a crew of fewer repairers than
 * components, or that a non-exponential shock hits, is left out.
 */
export function exactForGroups(scenario: Scenario): ExactGroup[] {
  const out: ExactGroup[] = [];
  const span = scenario.horizon - scenario.warmup;
  const rates = shockRates(scenario);
  for (const g of scenario.groups) {
    const classes = classesOf(scenario, g);
    if (typeof classes === 'string') continue;
    const crew = scenario.crews.find((k) => k.name === g.crew);
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
 * times: a CTMC over the number failed in each group the service depends on, with each group's
 * repairers (its own crew, or one per component), from the scenario's initial state. Gates that
 * depend on which links are up (quorum over a network, connectivity) are not functions of those
 * counts: for them the oracle says so, and gives what is exact (the steady-state probability
 * that a full mesh of identical links is disconnected).
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
  const chains: ClassChain[] = [];
  const groupNames = [...groups];
  for (const name of groupNames) {
    const g = scenario.groups.find((x) => x.name === name);
    if (g === undefined) return { service: service.name, reason: `no group ${name}` };
    const classes = classesOf(scenario, g);
    if (typeof classes === 'string') return { service: service.name, reason: classes };
    chains.push(...classes);
  }
  const sizes = chains.map((c) => c.count + 1);
  const states = sizes.reduce((a, b) => a * b, 1);
  if (states > MAX_STATES) return { service: service.name, reason: `the chain has ${states} states (more than ${MAX_STATES})` };
  // A gate sees a group's failed count: the sum over its classes.
  const index = new Map(groupNames.map((name, i) => [name, i]));
  const groupOf = chains.map((c) => index.get(c.group) as number);
  const isUp = upFunction(scenario, index);
  // State s encodes failed counts in mixed radix over the chains.
  const decode = (s: number): number[] => {
    const failed: number[] = [];
    for (const size of sizes) {
      failed.push(s % size);
      s = Math.floor(s / size);
    }
    return failed;
  };
  const stride = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a * b, 1));
  const rates = shockRates(scenario);
  // Each shock that hits a class of the chain, with the classes it hits.
  const shocksHere = rates
    .map((r, m) => ({ ...r, classes: chains.flatMap((c, i) => (c.shocks.includes(m) ? [i] : [])) }))
    .filter((x) => x.classes.length > 0);
  const transitions: Transition[] = [];
  const up: number[] = [];
  const down: number[] = [];
  const p0 = new Float64Array(states);
  for (let s = 0; s < states; s++) {
    const failed = decode(s);
    const groupFailed = new Array<number>(groupNames.length).fill(0);
    failed.forEach((f, i) => (groupFailed[groupOf[i] as number] = (groupFailed[groupOf[i] as number] as number) + f));
    (isUp(service, groupFailed) ? up : down).push(s);
    p0[s] = failed.reduce((p, f, i) => p * ((chains[i] as GroupChain).initial[f] as number), 1);
    failed.forEach((f, i) => {
      const c = chains[i] as GroupChain;
      if (f < c.count) transitions.push({ from: s, to: s + (stride[i] as number), rate: (c.count - f) * c.failureRate });
      if (f > 0 && c.repairRate > 0) transitions.push({ from: s, to: s - (stride[i] as number), rate: Math.min(f, c.servers) * c.repairRate });
    });
    for (const shock of shocksHere) {
      const upIn = shock.classes.map((i) => (chains[i] as GroupChain).count - (failed[i] as number));
      for (const move of shockMoves(upIn, shock.probability)) {
        const to = shock.classes.reduce((t, i, j) => t + (move.k[j] as number) * (stride[i] as number), s);
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
      `CTMC over the failed count of ${chains.map((c) => `${c.name} (0..${c.count}, ${c.repairRate === 0 ? 'no repair' : c.servers >= c.count ? 'independent repair' : `${c.servers} repairer${c.servers > 1 ? 's' : ''}`})`).join(' × ')}: ` +
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

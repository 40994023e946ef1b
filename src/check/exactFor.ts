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

/**
 * A group's own chain: a plain group's over its failed count f (0..count, UP count − f), a
 * standby group's over (down, switching in) pairs (`standbyChain`). A service's chain is the
 * product of its groups' chains.
 */
interface GroupChain {
  readonly name: string;
  readonly count: number;
  readonly repairRate: number;
  /** Repairers serving this group: its crew's count, or one per component. */
  readonly servers: number;
  /** Distribution of the local state at time 0. */
  readonly initial: readonly number[];
  /** Local states. */
  readonly size: number;
  /** Components UP in each local state (what gates count). */
  readonly up: readonly number[];
  /** Transitions out of each local state, in a fixed order. */
  readonly out: readonly (readonly { readonly to: number; readonly rate: number }[])[];
  /** For the method: what the chain is over. */
  readonly label: string;
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

/** Whether the service is up when group g has upCount[g] components UP. */
function upFunction(scenario: Scenario, index: Map<string, number>): (service: ServiceSpec, upCount: readonly number[]) => boolean {
  const groupCount = new Map(scenario.groups.map((g) => [g.name, g.count]));
  const byName = new Map(scenario.services.map((s) => [s.name, s]));
  const up = (service: ServiceSpec, upCount: readonly number[]): boolean => {
    const u = (name: string) => upCount[index.get(name) as number] as number;
    const n = (name: string) => groupCount.get(name) as number;
    switch (service.gate) {
      case 'kOfGroup':
        return u(service.group) >= service.k;
      case 'quorum':
        return u(service.coordinators) >= Math.floor(n(service.coordinators) / 2) + 1 && u(service.executors) >= service.executorsAtLeast;
      case 'kOfMembers': {
        let count = 0;
        for (const m of service.members) if (m.type === 'group' ? u(m.name) === n(m.name) : up(byName.get(m.name) as ServiceSpec, upCount)) count++;
        return count >= service.k;
      }
      default:
        return false;
    }
  };
  return up;
}

/** A group's chain, or why it has none: exponential laws, and a crew of its own (or independent repair). */
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
  if (g.standby !== null) return standbyChain(g, g.standby, failureRate, repairRate, servers);
  const q = repairRate === 0 ? 0 : (1 / repairRate) / (1 / failureRate + 1 / repairRate);
  // Stationary start: the failed count is Binomial(count, q) (independent repair, so independent components).
  const initial = g.initial === 'steady' ? binomialProbabilities(g.count, q, 1 - q) : [1, ...new Array<number>(g.count).fill(0)];
  const n = g.count;
  const out = Array.from({ length: n + 1 }, (_, f) => [
    ...(f < n ? [{ to: f + 1, rate: (n - f) * failureRate }] : []),
    ...(f > 0 && repairRate > 0 ? [{ to: f - 1, rate: Math.min(f, servers) * repairRate }] : []),
  ]);
  const label = `${g.name} (0..${n}, ${repairRate === 0 ? 'no repair' : servers >= n ? 'independent repair' : `${servers} repairer${servers > 1 ? 's' : ''}`})`;
  return { name: g.name, count: n, repairRate, servers, initial, size: n + 1, up: Array.from({ length: n + 1 }, (_, f) => n - f), out, label };
}

/** A standby group's chain with, per local state, its down count and the rates of the events the group metrics count. */
interface StandbyChain extends GroupChain {
  readonly down: readonly number[];
  /** Per local state: the expected rate of components entering DOWN, of switches that do not fail, of switches that fail. */
  readonly failing: readonly number[];
  readonly switching: readonly number[];
  readonly switchFailing: readonly number[];
}

/**
 * The chain of a standby group (README, "Standby spares") over (d, s): d components down (in
 * repair or waiting), s switching in. With a = count − spares, m = min(a, count − d) components
 * are active or switching in, so u = m − s are UP and r = count − d − m dormant. From (d, s):
 * an active failure (rate uλ) takes one down and tries the spares in turn, each failing on
 * demand with probability p: after j failed switches and a good one (probability p^j(1 − p),
 * j < r) the state is (d + 1 + j, s + 1), or (d + 1 + j, s) with an instantaneous switch-over;
 * when all r fail (p^r), (d + 1 + r, s). A dormant spare fails at rate r·φλ (φ: 0 cold, the
 * factor warm, 1 hot) to (d + 1, s); a switch-over completes at rate sσ (exponential switch-over
 * of mean 1/σ) to (d, s − 1); a repair completes at rate min(d, servers)·μ to (d − 1, s), the
 * repaired component active at once if m < a, else dormant. A switching spare does not fail.
 * With no repair and no spare failures this is the standby system of Trivedi (2002, §8.4.2;
 * cold pair: MTTF 2/λ, R(t) = e^{−λt}(1 + λt)); with one repairer, the cold pair's birth–death
 * chain 0 ⇄ 1 ⇄ 2 (λ, λ up; μ, μ down), A = (1 + ρ)/(1 + ρ + ρ²), ρ = λ/μ.
 */
function standbyChain(
  g: Scenario['groups'][number],
  spec: NonNullable<Scenario['groups'][number]['standby']>,
  lambda: number,
  mu: number,
  servers: number,
): StandbyChain | string {
  if (spec.switchover !== null && spec.switchover.type !== 'exponential') {
    return `${g.path}.standby.switchover is ${spec.switchover.type}, not exponential: a switch in progress for a ${spec.switchover.type} time is not memoryless, so the state is not Markov in the counts (an instantaneous or an exponential switch-over is exact)`;
  }
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
  const down: number[] = [];
  const failing: number[] = [];
  const switching: number[] = [];
  const switchFailing: number[] = [];
  const out = states.map(([d, s]) => {
    const m = Math.min(a, n - d);
    const u = m - s;
    const r = n - d - m;
    up.push(u);
    down.push(d);
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
  const initial = states.map((_, i) => (i === 0 ? 1 : 0));
  const repair = mu === 0 ? 'no repair' : servers >= n ? 'independent repair' : `${servers} repairer${servers > 1 ? 's' : ''}`;
  const switchover = sigma > 0 ? `exponential switch-over (mean ${1 / sigma} h)` : 'instantaneous switch-over';
  const label = `${g.name} (${spec.mode} standby, ${spec.spares} of ${n} spare, ${switchover}, switch failure ${p}, ${repair}: ${states.length} states over (down, switching))`;
  return { name: g.name, count: n, repairRate: mu, servers, initial, size: states.length, up, out, label, down, failing, switching, switchFailing };
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
 * order of failures). A standby group's values come from its (down, switching) chain
 * (`standbyChain`), with its expected switches beside them.
 */
export function exactForGroups(scenario: Scenario): ExactGroup[] {
  const out: ExactGroup[] = [];
  const span = scenario.horizon - scenario.warmup;
  for (const g of scenario.groups) {
    const c = groupChain(scenario, g);
    if (typeof c === 'string') continue;
    if ('switching' in c) {
      out.push(standbyGroupExact(scenario, g, c as StandbyChain));
      continue;
    }
    const n = c.count;
    const failureRate = 1 / exponentialMean(g.failure);
    const transitions: Transition[] = [];
    for (let f = 0; f <= n; f++) {
      if (f < n) transitions.push({ from: f, to: f + 1, rate: (n - f) * failureRate });
      if (f > 0 && c.repairRate > 0) transitions.push({ from: f, to: f - 1, rate: Math.min(f, c.servers) * c.repairRate });
    }
    const Q = generator(n + 1, transitions);
    const up = Array.from({ length: n + 1 }, (_, f) => n - f);
    const failing = up.map((u) => u * failureRate);
    const crew = scenario.crews.find((k) => k.name === g.crew);
    out.push({
      group: g.name,
      componentUp: overSpan(scenario, Q, c.initial, up) / (n * span),
      expectedFailures: overSpan(scenario, Q, c.initial, failing),
      crew:
        crew === undefined
          ? null
          : { name: crew.name, utilization: overSpan(scenario, Q, c.initial, up.map((_, f) => Math.min(f, crew.count))) / (crew.count * span) },
      method: `birth–death chain of the failed count (0..${n}), ${c.repairRate === 0 ? 'no repair' : `${Math.min(c.servers, n)} repairer${Math.min(c.servers, n) > 1 ? 's' : ''}`}; expected accumulated reward by uniformization`,
    });
  }
  return out;
}

/** A standby group's exact values from its own chain: components UP, entries into DOWN, switches, and its crew's busy repairers. */
function standbyGroupExact(scenario: Scenario, g: Scenario['groups'][number], c: StandbyChain): ExactGroup {
  const span = scenario.horizon - scenario.warmup;
  const transitions = c.out.flatMap((moves, from) => moves.map((t) => ({ from, to: t.to, rate: t.rate })));
  const Q = generator(c.size, transitions);
  const crew = scenario.crews.find((k) => k.name === g.crew);
  return {
    group: g.name,
    componentUp: overSpan(scenario, Q, c.initial, c.up) / (c.count * span),
    expectedFailures: overSpan(scenario, Q, c.initial, c.failing),
    crew: crew === undefined ? null : { name: crew.name, utilization: overSpan(scenario, Q, c.initial, c.down.map((d) => Math.min(d, crew.count))) / (crew.count * span) },
    standby: { switchovers: overSpan(scenario, Q, c.initial, c.switching), switchFailures: overSpan(scenario, Q, c.initial, c.switchFailing) },
    method: `chain of ${c.label}; expected accumulated reward by uniformization`,
  };
}

/**
 * Exact values for every service of a scenario whose components have exponential up and down
 * times: a CTMC over the number failed in each group the service depends on, with each group's
 * repairers (its own crew, or one per component), from the scenario's initial state. Gates that
 * depend on which links are up (quorum over a network, connectivity) are not functions of those
 * counts: for them the oracle says so, and gives what is exact (the steady-state probability
 * that a full mesh of identical links is disconnected).
 */
export function exactFor(scenario: Scenario): ExactResult[] {
  return scenario.services.map((service) => exactForService(scenario, service));
}

function exactForService(scenario: Scenario, service: ServiceSpec): ExactResult {
  const groups = groupsOf(scenario, service);
  if (typeof groups === 'string') return { service: service.name, reason: groups, ...networkPartial(scenario) };
  const chains: GroupChain[] = [];
  for (const name of groups) {
    const g = scenario.groups.find((x) => x.name === name);
    if (g === undefined) return { service: service.name, reason: `no group ${name}` };
    const chain = groupChain(scenario, g);
    if (typeof chain === 'string') return { service: service.name, reason: chain };
    chains.push(chain);
  }
  const sizes = chains.map((c) => c.size);
  const states = sizes.reduce((a, b) => a * b, 1);
  if (states > MAX_STATES) return { service: service.name, reason: `the chain has ${states} states (more than ${MAX_STATES})` };
  const index = new Map(chains.map((c, i) => [c.name, i]));
  const isUp = upFunction(scenario, index);
  // State s encodes the chains' local states (a plain group's: its failed count) in mixed radix.
  const decode = (s: number): number[] => {
    const failed: number[] = [];
    for (const size of sizes) {
      failed.push(s % size);
      s = Math.floor(s / size);
    }
    return failed;
  };
  const stride = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a * b, 1));
  const transitions: Transition[] = [];
  const up: number[] = [];
  const down: number[] = [];
  const p0 = new Float64Array(states);
  for (let s = 0; s < states; s++) {
    const local = decode(s);
    (isUp(service, local.map((l, i) => (chains[i] as GroupChain).up[l] as number)) ? up : down).push(s);
    p0[s] = local.reduce((p, l, i) => p * ((chains[i] as GroupChain).initial[l] as number), 1);
    local.forEach((l, i) => {
      for (const t of (chains[i] as GroupChain).out[l] as GroupChain['out'][number]) transitions.push({ from: s, to: s + (t.to - l) * (stride[i] as number), rate: t.rate });
    });
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
      `CTMC over the failed count of ${chains.map((c) => c.label).join(' × ')}: ` +
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

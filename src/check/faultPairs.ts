/** The closed forms of the byzantine and partition fault modes, each paired with the simulated metric it predicts, where the scenario meets the formula's assumptions. */
import { intervalAverage, nodeState, partitionedAt, upAt, upHonestByzantine } from '../analytic/faultStates.js';
import type { GroupSpec, Scenario, ScenarioDistribution } from '../scenario/validateScenario.js';
import type { QueryClassSpec } from '../scenario/workloadSpec.js';

/** One pair before it meets the run: a mean metric (a time fraction or a count per replication). */
export interface FaultClaim {
  readonly metric: string;
  readonly formula: string;
  readonly kind: 'correct';
  readonly analytic: number;
  readonly why: string;
  /** The formula's own P(d ≠ 0): 0 for a claim that any nonzero replication refutes. */
  readonly nonzeroProbability?: number;
}

const BFT_FORMULA = 'product-form node states (independent crash and byzantine alternating renewals), summed over nodes (faultline analytic)';

/** Mean of an exponential law; Infinity for a deterministic law that never fires before `horizon`; NaN otherwise. */
export function meanOf(d: ScenarioDistribution | null, horizon: number): number {
  if (d === null) return Infinity;
  if (d.type === 'exponential') return typeof d['mean'] === 'number' ? d['mean'] : 1 / (d['rate'] as number);
  if (d.type === 'deterministic' && (d['value'] as number) > horizon) return Infinity;
  return NaN;
}

/** P(up at t) of a group's component, when its crashes are an independent exponential alternating renewal; undefined otherwise. */
function crashLaw(scenario: Scenario, g: GroupSpec): ((t: number) => number) | undefined {
  if (g.crew !== null || g.standby !== null) return undefined;
  if ((scenario.shocks ?? []).some((s) => s.components.some((c) => c.group === g.name))) return undefined;
  const up = meanOf(g.failure, scenario.horizon);
  const down = g.repair === null ? Infinity : meanOf(g.repair, Infinity);
  if (Number.isNaN(up) || Number.isNaN(down) || (g.repair !== null && g.repair.type !== 'exponential')) return undefined;
  if (g.initial === 'steady') return () => up / (up + down);
  return (t) => upAt(up, down, t);
}

/** The slowest relaxation time among exponential laws (for the quadrature). */
function tauOf(means: readonly number[]): number {
  let tau = 0;
  for (let i = 0; i + 1 < means.length; i += 2) {
    const up = means[i] as number;
    const down = means[i + 1] as number;
    if (up === Infinity && down === Infinity) continue;
    tau = Math.max(tau, 1 / ((up === Infinity ? 0 : 1 / up) + (down === Infinity ? 0 : 1 / down)));
  }
  return tau;
}

/**
 * Whether class c's primary answers sample its service's state at the class's Poisson arrival
 * instants: a constant rate, an execution of exactly 0 (the answer is delivered at the arrival,
 * so a query is answered iff the service is up then: no window, no retry at a later time), and
 * nothing that refuses or delays an attempt (no retry, breaker, bulkhead, executors, memory or
 * loss). An `errorProbability` e is an independent coin per answer: it scales answers and wrong
 * answers alike by 1 − e.
 */
function samplesAtArrivals(c: QueryClassSpec, executors: boolean): boolean {
  const x = c.execution;
  return (
    c.arrivals.type === 'poisson' &&
    x.type === 'deterministic' &&
    x['value'] === 0 &&
    (c.retry === null || c.retry.maxRetries === 0) &&
    c.breaker === null &&
    c.bulkhead === null &&
    !(executors && c.usesExecutors) &&
    c.memory === 0 &&
    c.loss === null
  );
}

/**
 * The wrong answers of the query classes on a bft service over a group with a byzantine law:
 * exactly 0, whatever the laws. A query is answered only while its service is up (an attempt on a
 * service that goes down fails `service_down`), and the bft gate is up only while at most f up
 * replicas lie, which is exactly when no wrong answer can be accepted.
 */
function bftQueryClaims(scenario: Scenario): FaultClaim[] {
  const w = scenario.workload;
  if (w === undefined) return [];
  const lying = new Set((scenario.byzantine ?? []).map((b) => b.group));
  return w.classes.flatMap((c) => {
    const s = c.service === null ? undefined : scenario.services[c.service];
    if (s === undefined || s.gate !== 'bft' || !lying.has(s.group)) return [];
    return [
      {
        metric: `queries.${c.name}.wrong_answers`,
        formula: `0: an answer needs the bft service up, i.e. at most f = ${s.f} up replicas byzantine, and then two 2f + 1 quorums meet in an honest one`,
        kind: 'correct' as const,
        analytic: 0,
        why: 'refuted by any replication with a wrong answer delivered',
        nonzeroProbability: 0,
      },
    ];
  });
}

/**
 * Byzantine pairs, per service over a group with a byzantine law (and the availability of a bft
 * service over a group without one: every replica honest, h = 1), where every node's crash and
 * byzantine laws are exponential (a crash law may also never fire before the horizon), repaired
 * independently, with no shock or standby on the group. At time t each node is, independently,
 * up-honest with probability a(t)h(t), up-byzantine a(t)(1 − h(t)), down 1 − a(t), where a and h
 * are the two-state transient solutions (`upAt`) of its crash and byzantine processes (both start
 * up and honest); a service's metric is (1/span)∫ P(condition at t) dt over [warmup, horizon],
 * the condition summed over `upHonestByzantine`. Stationary limits: a = MTTF/(MTTF + MTTR),
 * h = E[honest]/(E[honest] + E[byzantine]).
 */
function byzantineClaims(scenario: Scenario): FaultClaim[] {
  const out: FaultClaim[] = [];
  // Groups with a byzantine law, and those under a bft gate without one (every replica honest: h = 1).
  const names = new Set([...(scenario.byzantine ?? []).map((b) => b.group), ...scenario.services.flatMap((s) => (s.gate === 'bft' ? [s.group] : []))]);
  for (const name of names) {
    const g = scenario.groups.find((x) => x.name === name) as GroupSpec;
    const b = (scenario.byzantine ?? []).find((x) => x.group === name) ?? { count: 0, failure: { type: 'exponential', mean: Infinity }, repair: { type: 'exponential', mean: 1 } };
    const crash = crashLaw(scenario, g);
    const honest = b.count === 0 ? Infinity : meanOf(b.failure, scenario.horizon);
    const lying = b.count === 0 ? 1 : meanOf(b.repair, Infinity);
    if (crash === undefined || Number.isNaN(honest) || Number.isNaN(lying) || b.repair.type !== 'exponential') continue;
    const tau = tauOf([meanOf(g.failure, scenario.horizon), g.repair === null ? Infinity : meanOf(g.repair, Infinity), honest, lying]);
    const n = g.count;
    const w = n + 1;
    const dist = (t: number) => {
      const a = crash(t);
      const h = upAt(honest, lying, t);
      return upHonestByzantine(Array.from({ length: n }, (_, i) => nodeState(a, i < b.count ? h : 1)));
    };
    const average = (cond: (h: number, b: number) => boolean, to = scenario.horizon) =>
      intervalAverage(
        (t) => {
          const p = dist(t);
          let sum = 0;
          for (let hh = 0; hh <= n; hh++) for (let bb = 0; hh + bb <= n; bb++) if (cond(hh, bb)) sum += p[hh * w + bb] as number;
          return sum;
        },
        scenario.warmup,
        to,
        tau,
      );
    for (const [si, s] of scenario.services.entries()) {
      if (s.gate === 'bft' && s.group === g.name) {
        const f = s.f;
        out.push({
          metric: `${s.name}.availability`,
          formula: `P(≥ 2f + 1 up honest ∧ ≤ f up byzantine), f = ${f}: ${BFT_FORMULA}`,
          kind: 'correct',
          analytic: average((hh, bb) => hh >= 2 * f + 1 && bb <= f),
          why: 'PBFT liveness and safety (Castro and Liskov 1999) over independent node states',
        });
        if (b.count === 0) continue; // no law: no wrong_answer_time metric
        if (b.count <= f) {
          out.push({
            metric: `${s.name}.wrong_answer_time`,
            formula: `0: at most ${b.count} ≤ f = ${f} replicas can be byzantine, and two 2f + 1 quorums meet in an honest one`,
            kind: 'correct',
            analytic: 0,
            why: 'refuted by any replication with a wrong answer accepted',
            nonzeroProbability: 0,
          });
        } else {
          out.push({ metric: `${s.name}.wrong_answer_time`, formula: `P(> f up byzantine), f = ${f}: ${BFT_FORMULA}`, kind: 'correct', analytic: average((_, bb) => bb > f), why: '' });
        }
      }
      const crashK = s.gate === 'kOfGroup' && s.group === g.name ? s.k : s.gate === 'quorum' && s.coordinators === g.name && s.executors === null && scenario.network === null ? (n >> 1) + 1 : 0;
      if (crashK > 0 && b.count > 0) {
        out.push({
          metric: `${s.name}.wrong_answer_time`,
          formula: `P(≥ ${crashK} up ∧ ≥ 1 up byzantine) = Σ_u≥k C(n,u)a^u(1−a)^(n−u)(1 − h^u) stationary: ${BFT_FORMULA}`,
          kind: 'correct',
          analytic: average((hh, bb) => hh + bb >= crashK && bb >= 1),
          why: 'a crash quorum takes one reply: any up byzantine replica can answer wrongly',
        });
        out.push(...crashQueryClaims(scenario, si, crashK, (cond, to) => average(cond, to)));
      }
    }
  }
  return out;
}

/**
 * The query pairs of a crash-gate service over a group with a byzantine law (docs/fault-modes.md,
 * "Wrong answers to queries"), for each class that `samplesAtArrivals`. Its measured queries
 * arrive as a Poisson process of rate λ over [w, T] (warmup to horizon − drain), independent of
 * the nodes (its own stream); each is answered at its arrival iff the service is up then (k of n
 * up), and wrongly iff, besides, an up replica is byzantine. By the Poisson compensator (Wolff
 * 1982, PASTA: the arrivals sample the state as time does), E[answered] = λ(1 − e)∫_w^T P(up at t)
 * dt and E[wrong] = λ(1 − e)∫_w^T P(up ∧ ≥ 1 up byzantine at t) dt, with the exact transient
 * time-averages of `byzantineClaims` (processes that start up and honest at 0, no stationarity
 * needed). The ratio estimator Σ wrong / Σ answered over replications converges to the ratio of
 * the expectations, ∫P(flag)/∫P(up), the time-average of P(flag | up) weighted by P(up); the
 * success ratio is (1 − e)·(1/(T − w))∫P(up).
 */
function crashQueryClaims(scenario: Scenario, service: number, k: number, average: (cond: (h: number, b: number) => boolean, to: number) => number): FaultClaim[] {
  const w = scenario.workload;
  if (w === undefined || scenario.stopAt !== null) return [];
  const to = scenario.horizon - w.drain;
  const out: FaultClaim[] = [];
  for (const c of w.classes) {
    if (c.service !== service || !samplesAtArrivals(c, w.executors !== null) || c.arrivals.type !== 'poisson') continue;
    const lambda = c.arrivals.rate;
    const span = to - scenario.warmup;
    const up = average((hh, bb) => hh + bb >= k, to);
    const wrong = average((hh, bb) => hh + bb >= k && bb >= 1, to);
    const e = c.errorProbability;
    const why = 'Poisson arrivals answered at their arrival instant (PASTA, Wolff 1982), independent of the node processes';
    out.push({ metric: `queries.${c.name}.wrong_answers`, formula: `λ(1 − e)∫ P(≥ ${k} up ∧ ≥ 1 up byzantine) dt over [warmup, horizon − drain]: ${BFT_FORMULA}`, kind: 'correct', analytic: lambda * (1 - e) * span * wrong, why });
    out.push({ metric: `queries.${c.name}.wrong_answer_ratio`, formula: `∫ P(≥ ${k} up ∧ ≥ 1 up byzantine) dt / ∫ P(≥ ${k} up) dt over [warmup, horizon − drain]: ${BFT_FORMULA}`, kind: 'correct', analytic: wrong / up, why });
    out.push({ metric: `queries.${c.name}.success_ratio`, formula: `(1 − e)·(1/span)∫ P(≥ ${k} up) dt over [warmup, horizon − drain]: ${BFT_FORMULA}`, kind: 'correct', analytic: (1 - e) * up, why });
  }
  return out;
}

/**
 * Partition pairs, each partition's `every` and `duration` exponential: partitioned_time is
 * (1/span)∫ π(1 − e^{−(α+β)t}) dt (the alternating renewal starts off at 0; its limit is
 * π = E[duration]/(E[every] + E[duration]), Ross 1996, Thm 3.6.1), and partitions, the starts in
 * [warmup, horizon], is ∫ α·P(off at t) dt (the start intensity while off). With one partition,
 * links that never fail before the horizon, and node groups whose crash laws qualify
 * (`crashLaw`), the CP (`quorum`) availability and the AP (`atLeast k` below a majority) stale
 * time are summed over every up/down configuration of the nodes, partition on and off, each
 * evaluated on the network as the gates do (paths through up nodes, crossing links cut), the
 * partition independent of the nodes.
 */
function partitionClaims(scenario: Scenario): FaultClaim[] {
  const out: FaultClaim[] = [];
  const specs = scenario.partitions ?? [];
  const span = scenario.horizon - scenario.warmup;
  const laws = specs.map((p) => ({ every: meanOf(p.every, Infinity), duration: meanOf(p.duration, Infinity) }));
  specs.forEach((p, i) => {
    const { every, duration } = laws[i] as { every: number; duration: number };
    if (!(p.every.type === 'exponential' && p.duration.type === 'exponential')) return;
    const tau = 1 / (1 / every + 1 / duration);
    const on = intervalAverage((t) => partitionedAt(every, duration, t), scenario.warmup, scenario.horizon, tau);
    out.push({ metric: `${p.name}.partitioned_time`, formula: 'alternating renewal: (1/span)∫ π(1 − e^{−(α+β)t}) dt, π = E[D]/(E[every] + E[D]) (Ross 1996)', kind: 'correct', analytic: on, why: '' });
    out.push({ metric: `${p.name}.partitions`, formula: 'starts at rate 1/E[every] while not partitioned: ∫ α(1 − P(on at t)) dt', kind: 'correct', analytic: (span * (1 - on)) / every, why: '' });
  });
  const net = scenario.network;
  const p = specs[0];
  const law = laws[0];
  if (specs.length !== 1 || net === null || p === undefined || law === undefined || p.every.type !== 'exponential' || p.duration.type !== 'exponential') return out;
  const links = scenario.groups.find((g) => g.name === net.linkGroup) as GroupSpec;
  if (meanOf(links.failure, scenario.horizon) !== Infinity) return out; // links that fail: their own states would join the sum
  const nodeGroups = net.nodeGroups.map((name) => scenario.groups.find((g) => g.name === name) as GroupSpec);
  const nodeGroupOf: number[] = nodeGroups.flatMap((g, gi) => Array.from({ length: g.count }, () => gi));
  const N = nodeGroupOf.length;
  if (N > 10) return out;
  const crash = nodeGroups.map((g) => crashLaw(scenario, g));
  if (crash.some((c) => c === undefined)) return out;
  const groupIdx = new Map(nodeGroups.map((g, i) => [g.name, i]));
  const sideA = new Set(p.sides[0]);
  const sideB = new Set(p.sides[1]);
  const crossing = net.endpoints.map(([x, y]) => (sideA.has(x) && sideB.has(y)) || (sideA.has(y) && sideB.has(x)));
  /** Components (root per node) of the up nodes of `mask`, with or without the crossing links. */
  const roots = (mask: number, cut: boolean): Int32Array => {
    const parent = Int32Array.from({ length: N }, (_, i) => i);
    const find = (v: number): number => {
      while (parent[v] !== v) v = parent[v] as number;
      return v;
    };
    net.endpoints.forEach(([x, y], l) => {
      if (!((mask >> x) & 1) || !((mask >> y) & 1) || (cut && crossing[l])) return;
      const rx = find(x);
      const ry = find(y);
      if (rx !== ry) parent[rx] = ry;
    });
    return Int32Array.from({ length: N }, (_, v) => find(v));
  };
  type Cond = (mask: number, r: Int32Array) => boolean;
  const countIn = (mask: number, r: Int32Array, gi: number, root: number) => {
    let c = 0;
    for (let v = 0; v < N; v++) if ((mask >> v) & 1 && nodeGroupOf[v] === gi && r[v] === root) c++;
    return c;
  };
  const conditions: { metric: string; formula: string; cond: Cond }[] = [];
  for (const s of scenario.services) {
    if (s.gate === 'quorum') {
      const cg = groupIdx.get(s.coordinators) as number;
      const eg = s.executors === null ? -1 : (groupIdx.get(s.executors) as number);
      const majority = ((nodeGroups[cg] as GroupSpec).count >> 1) + 1;
      conditions.push({
        metric: `${s.name}.availability`,
        formula: 'Σ over node configurations and partition on/off of P·1[a connected strict majority (with its executors)] (faultline analytic)',
        cond: (mask, r) => {
          for (let v = 0; v < N; v++) {
            if (!((mask >> v) & 1) || nodeGroupOf[v] !== cg || countIn(mask, r, cg, r[v] as number) < majority) continue;
            return eg < 0 || countIn(mask, r, eg, r[v] as number) >= s.executorsAtLeast;
          }
          return false;
        },
      });
    }
    if (s.gate === 'kOfGroup' && groupIdx.has(s.group)) {
      const gi = groupIdx.get(s.group) as number;
      const majority = ((nodeGroups[gi] as GroupSpec).count >> 1) + 1;
      if (s.k >= majority) continue;
      conditions.push({
        metric: `${s.name}.stale_time`,
        formula: 'Σ over node configurations and partition on/off of P·1[≥ k up ∧ an up replica outside every majority-connected set] (faultline analytic)',
        cond: (mask, r) => {
          let up = 0;
          let cutOff = false;
          for (let v = 0; v < N; v++) {
            if (!((mask >> v) & 1) || nodeGroupOf[v] !== gi) continue;
            up++;
            if (countIn(mask, r, gi, r[v] as number) < majority) cutOff = true;
          }
          return up >= s.k && cutOff;
        },
      });
    }
  }
  if (conditions.length === 0) return out;
  const M = 1 << N;
  const table = conditions.map((c) => {
    const off = new Uint8Array(M);
    const on = new Uint8Array(M);
    for (let mask = 0; mask < M; mask++) {
      off[mask] = c.cond(mask, roots(mask, false)) ? 1 : 0;
      on[mask] = c.cond(mask, roots(mask, true)) ? 1 : 0;
    }
    return { off, on };
  });
  const tau = tauOf([law.every, law.duration, ...nodeGroups.flatMap((g) => [meanOf(g.failure, scenario.horizon), g.repair === null ? Infinity : meanOf(g.repair, Infinity)])]);
  conditions.forEach((c, ci) => {
    const { off, on } = table[ci] as { off: Uint8Array; on: Uint8Array };
    const f = (t: number) => {
      const q = partitionedAt(law.every, law.duration, t);
      const up = nodeGroupOf.map((gi) => (crash[gi] as (t: number) => number)(t));
      let sum = 0;
      for (let mask = 0; mask < M; mask++) {
        const w = (1 - q) * (off[mask] as number) + q * (on[mask] as number);
        if (w === 0) continue;
        let pr = 1;
        for (let v = 0; v < N; v++) pr *= (mask >> v) & 1 ? (up[v] as number) : 1 - (up[v] as number);
        sum += w * pr;
      }
      return sum;
    };
    out.push({ metric: c.metric, formula: c.formula, kind: 'correct', analytic: intervalAverage(f, scenario.warmup, scenario.horizon, tau), why: 'the partition process independent of the nodes; links that never fail' });
  });
  return out;
}

/** Every fault-mode claim the scenario supports (none for a scenario without byzantine laws, bft gates or partitions). */
export function faultClaims(scenario: Scenario): FaultClaim[] {
  if (scenario.byzantine === undefined && scenario.partitions === undefined && !scenario.services.some((s) => s.gate === 'bft')) return [];
  return [...byzantineClaims(scenario), ...bftQueryClaims(scenario), ...partitionClaims(scenario)];
}

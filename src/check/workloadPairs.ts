/** The closed forms of the workload layer, each paired with the simulated query metric it predicts, where the scenario meets the formula's assumptions. */
import { upThroughoutWindow } from '../analytic/alternatingRenewal.js';
import { consecutiveBreakerOpenFraction, consecutiveBreakerOpensPerHour, halfOpenCloseProbability } from '../analytic/breakers.js';
import { expectedBackoffDelay } from '../analytic/backoff.js';
import { expectedTries, roundTripDeliveredWithinTries, roundTripLoss, roundTripLostForGood } from '../analytic/messageLoss.js';
import { lognormal, lognormalMean, lognormalQuantile, type Lognormal } from '../analytic/lognormalLatency.js';
import { meanSlowProbability, roundTrip, slowMixture, type DelayLaw } from '../analytic/timingFaults.js';
import { normalQuantile } from '../math/normal.js';
import { memoryExhaustionProbability } from '../analytic/mgInfinity.js';
import { queryTimeoutModel, queryTimeoutModelInfo } from '../analytic/published/queryTimeoutModel.js';
import { resourceFailureModel, resourceFailureModelInfo } from '../analytic/published/resourceFailureModel.js';
import { erlangB, erlangC, mmcKBlocking } from '../analytic/queueing.js';
import { normalCdf } from '../math/normal.js';
import { regularizedGammaP } from '../math/gammaFunctions.js';
import type { Scenario, ScenarioDistribution } from '../scenario/validateScenario.js';
import type { QueryClassSpec, WorkloadSpec } from '../scenario/workloadSpec.js';
import { FAILURE_CAUSES } from '../scenario/workloadSpec.js';
import { stationarySourcesOf } from './publishedFor.js';

const SECONDS_PER_HOUR = 3600;

/** One workload pair before it meets the run: a ratio metric, or a point of a latency distribution. */
export type WorkloadClaim =
  | { readonly type: 'ratio'; readonly metric: string; readonly formula: string; readonly kind: 'correct' | 'published'; readonly analytic: number; readonly why: string }
  | {
      readonly type: 'mean';
      readonly metric: string;
      readonly formula: string;
      readonly kind: 'correct' | 'published';
      readonly analytic: number;
      readonly why: string;
    }
  /** P(latency ≤ x) for the succeeded queries, as a function of x (seconds), and the quantile it implies. */
  | {
      readonly type: 'quantile';
      readonly metric: string;
      readonly histogram: string;
      readonly level: number;
      readonly formula: string;
      readonly kind: 'correct' | 'published';
      readonly quantile: number;
      readonly cdf: (seconds: number) => number;
      readonly why: string;
    };

/** The law of an execution or latency, where the formulas here know it: its mean, its CDF, and its partial mean E[X; X ≤ x] (hours). */
interface Law {
  readonly mean: number;
  cdf(x: number): number;
  partialMean(x: number): number;
  readonly lognormal?: Lognormal;
}

function lawOf(d: ScenarioDistribution): Law | undefined {
  const num = (k: string) => d[k] as number;
  switch (d.type) {
    case 'lognormal': {
      const ln = d.mu !== undefined ? lognormal(num('mu'), num('sigma')) : undefined;
      const l = ln ?? (() => {
        const m = num('mean');
        const sd = num('sd');
        const v = Math.log1p((sd / m) ** 2);
        return lognormal(Math.log(m) - v / 2, Math.sqrt(v));
      })();
      const z = (x: number) => (x <= 0 ? -Infinity : (Math.log(x) - l.mu) / l.sigma);
      return {
        mean: lognormalMean(l),
        cdf: (x) => normalCdf(z(x)),
        partialMean: (x) => (x === Infinity ? lognormalMean(l) : lognormalMean(l) * normalCdf(z(x) - l.sigma)),
        lognormal: l,
      };
    }
    case 'exponential': {
      const mean = d.mean !== undefined ? num('mean') : 1 / num('rate');
      return {
        mean,
        cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)),
        partialMean: (x) => (x === Infinity ? mean : mean * -Math.expm1(-x / mean) - x * Math.exp(-x / mean)),
      };
    }
    case 'deterministic': {
      const v = num('value');
      return { mean: v, cdf: (x) => (x >= v ? 1 : 0), partialMean: (x) => (x >= v ? v : 0) };
    }
    default:
      return undefined;
  }
}

/** A network delay law, where the round-trip closed form knows it: a constant, or a law with a CDF and a quantile. */
function delayOf(d: ScenarioDistribution): DelayLaw | undefined {
  const num = (k: string) => d[k] as number;
  switch (d.type) {
    case 'deterministic':
      return { type: 'constant', value: num('value') };
    case 'exponential': {
      const mean = d.mean !== undefined ? num('mean') : 1 / num('rate');
      return { type: 'continuous', mean, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)), quantile: (u) => -mean * Math.log1p(-u) };
    }
    case 'lognormal': {
      const law = lawOf(d) as Law;
      const ln = law.lognormal as Lognormal;
      return { type: 'continuous', mean: law.mean, cdf: (x) => law.cdf(x), quantile: (u) => Math.exp(ln.mu + ln.sigma * normalQuantile(u)) };
    }
    case 'uniform': {
      const a = num('min');
      const b = num('max');
      return { type: 'continuous', mean: (a + b) / 2, cdf: (x) => Math.min(1, Math.max(0, (x - a) / (b - a))), quantile: (u) => a + u * (b - a) };
    }
    default:
      return undefined;
  }
}

/**
 * The law of an attempt's time from its issue to its answer, where the closed forms know it
 * (docs/fault-modes.md, "Slow periods" and "Link latency"): the execution law; with slow periods
 * (exponential laws, no retries: the state at one attempt's start says nothing of another's, and the
 * class's Poisson arrivals see time averages) the mixture (1 − p̄)L + p̄·kL, p̄ the exact mean of the
 * two-state chain's p(t) over the measured arrivals [warmup, horizon − drain]; with link latency the
 * round trip D_req + L + D_resp. Slow periods and link latency together are not paired (the slow state
 * is read at the request's arrival, D_req after the issue).
 */
function attemptLawOf(scenario: Scenario, c: QueryClassSpec): Law | undefined {
  const law = lawOf(c.execution);
  if (law === undefined) return undefined;
  if (c.slow !== null && c.network !== null) return undefined;
  if (c.slow !== null) {
    if ((c.retry?.maxRetries ?? 0) > 0 || c.slow.every.type !== 'exponential' || c.slow.duration.type !== 'exponential') return undefined;
    const mean = (d: ScenarioDistribution) => (d.mean !== undefined ? (d.mean as number) : 1 / (d.rate as number));
    const w = scenario.workload as WorkloadSpec;
    const p = meanSlowProbability(mean(c.slow.every), mean(c.slow.duration), scenario.warmup, scenario.horizon - w.drain);
    return slowMixture(law, c.slow.factor, p);
  }
  if (c.network !== null) {
    const delays = [c.network.request, c.network.response].filter((d): d is ScenarioDistribution => d !== null).map(delayOf);
    if (delays.some((d) => d === undefined)) return undefined;
    return roundTrip(law, delays as DelayLaw[]);
  }
  return law;
}

/** Whether class c runs alone against nothing but its own laws: no service, pool, queue, memory admission, breaker or budget. */
function isolated(w: WorkloadSpec, c: QueryClassSpec): boolean {
  return c.service === null && !c.usesExecutors && c.bulkhead === null && c.breaker === null && c.fallbacks.length === 0 && (c.memory === 0 || w.memory?.admission === 'none') && (c.retry?.budget ?? null) === null && c.arrivals.type === 'poisson';
}

const cause = (name: (typeof FAILURE_CAUSES)[number]) => FAILURE_CAUSES.indexOf(name);

/**
 * Independent attempts (docs/workloads.md, "Queries: what the checks assume"): each attempt of class c ends
 * as a success with probability s = (1 − e)·F(τ), a timeout with F̄(τ) and an error with
 * e·F(τ), independently of the others (no shared server, no outage), so with N retries on the
 * causes in R (probability r = Σ_{c ∈ R} p_c) the query succeeds with s(1 − r^{N+1})/(1 − r),
 * makes (1 − r^{N+1})/(1 − r) attempts on average, and ends with a cause c ∉ R with
 * p_c(1 − r^{N+1})/(1 − r), with a cause c ∈ R with r^N·p_c (Brooker 2022; anchors (c).1).
 * With message loss (request ℓq, response ℓr, independent Bernoulli losses) the attempt is lost
 * with ℓq + (1 − ℓq)F(τ)ℓr and the other outcomes scale by (1 − ℓq), the success and the error
 * by (1 − ℓr) too; `lost` is retried when `timeout` is. When every attempt executes within τ and
 * none errs, the pairs are the geometric closed forms of analytic/messageLoss.ts.
 */
function independentAttempts(scenario: Scenario, prefix: string, c: QueryClassSpec, out: WorkloadClaim[]): void {
  const law = attemptLawOf(scenario, c);
  if (law === undefined) return;
  // Loss episodes (docs/workloads.md, "Message loss"): a request is lost with ℓ_req·p̄, p̄ the exact
  // mean over the measured arrivals of P(an episode is on) (the two-state chain, PASTA). Paired only
  // with exponential laws, no retries (a retry follows a lost attempt while the episode is likely
  // still on) and no response loss (the response's draw reads the state at the answer, correlated
  // with the request's).
  let inForce = 1;
  if (c.lossEpisodes !== null) {
    const { every, duration } = c.lossEpisodes;
    if ((c.retry?.maxRetries ?? 0) > 0 || (c.loss?.response ?? 0) > 0 || every.type !== 'exponential' || duration.type !== 'exponential') return;
    const mean = (d: ScenarioDistribution) => (d.mean !== undefined ? (d.mean as number) : 1 / (d.rate as number));
    inForce = meanSlowProbability(mean(every), mean(duration), scenario.warmup, scenario.horizon - (scenario.workload as WorkloadSpec).drain);
  }
  const first = out.length;
  independentAttemptsOf(law, prefix, c, out, inForce);
  const note =
    (c.lossEpisodes !== null ? ', loss episodes: ℓ_req·p̄, PASTA' : '') +
    (c.slow !== null ? ', slow periods: F(τ) = (1 − p̄)F_L(τ) + p̄F_L(τ/k), PASTA' : c.network !== null ? ', link latency: F(τ) = P(D_req + L + D_resp ≤ τ)' : '');
  for (let i = first; i < out.length; i++) out[i] = { ...(out[i] as WorkloadClaim), formula: (out[i] as WorkloadClaim).formula + note };
}

function independentAttemptsOf(law: Law, prefix: string, c: QueryClassSpec, out: WorkloadClaim[], lossInForce: number): void {
  const tau = c.timeout ?? Infinity;
  const e = c.errorProbability;
  const F = law.cdf(tau);
  // Message loss (docs/workloads.md, "Message loss"): the request is lost with ℓq; an attempt that
  // got through and executed within τ has its response lost with ℓr; each loss ends the attempt `lost`.
  const lq = (c.loss?.request ?? 0) * lossInForce;
  const lr = c.loss?.response ?? 0;
  const p = new Float64Array(FAILURE_CAUSES.length);
  p[cause('timeout')] = (1 - lq) * (1 - F);
  p[cause('lost')] = lq + (1 - lq) * F * lr;
  p[cause('error')] = (1 - lq) * F * (1 - lr) * e;
  const s = (1 - lq) * F * (1 - lr) * (1 - e);
  const N = c.retry?.maxRetries ?? 0;
  const retried = new Set(c.retry?.on ?? []);
  // A lost message is retried as a timeout is (the simulator's rule).
  if (retried.has('timeout')) retried.add('lost');
  // Pure message loss (every attempt executes within τ, no errors): the geometric closed forms.
  const pure = c.loss !== null && F === 1 && e === 0;
  let r = 0;
  FAILURE_CAUSES.forEach((name, i) => {
    if (retried.has(name)) r += p[i] as number;
  });
  const reach = r === 1 ? N + 1 : (1 - r ** (N + 1)) / (1 - r); // Σ_{j=0}^{N} r^j
  const name = 'independent attempts: success s·Σ r^j, j ≤ N (Brooker 2022)';
  // A class that cannot fail, or cannot retry, has nothing to test there.
  if (pure && retried.has('lost')) {
    // Feller's geometric trials: the round trip fails with q = 1 − (1 − ℓq)(1 − ℓr), independently per try.
    const success = roundTripDeliveredWithinTries(lq, lr, N);
    if (success < 1) out.push({ type: 'ratio', metric: `${prefix}.success_ratio`, formula: 'message loss: 1 − (1 − (1 − ℓ_req)(1 − ℓ_resp))^{N+1} (geometric trials)', kind: 'correct', analytic: success, why: '' });
    if (N > 0 && r > 0) out.push({ type: 'ratio', metric: `${prefix}.attempts_per_query`, formula: 'message loss: E[A] = (1 − q^{N+1})/(1 − q), q the round-trip loss', kind: 'correct', analytic: expectedTries(roundTripLoss(lq, lr), N), why: '' });
    if (success < 1) out.push({ type: 'ratio', metric: `${prefix}.failure_ratio.lost`, formula: 'message loss: q^{N+1}, q = 1 − (1 − ℓ_req)(1 − ℓ_resp)', kind: 'correct', analytic: roundTripLostForGood(lq, lr, N), why: '' });
  } else {
    if (s * reach < 1) out.push({ type: 'ratio', metric: `${prefix}.success_ratio`, formula: name, kind: 'correct', analytic: s * reach, why: '' });
    if (N > 0 && r > 0) out.push({ type: 'ratio', metric: `${prefix}.attempts_per_query`, formula: 'independent attempts: E[A] = (1 − r^{N+1})/(1 − r)', kind: 'correct', analytic: reach, why: '' });
    FAILURE_CAUSES.forEach((n, i) => {
      const pc = p[i] as number;
      if (pc === 0) return;
      const value = retried.has(n) ? r ** N * pc : pc * reach;
      out.push({ type: 'ratio', metric: `${prefix}.failure_ratio.${n}`, formula: `independent attempts: P(ends ${n})`, kind: 'correct', analytic: value, why: '' });
    });
  }
  // The time a query takes, answered or not: attempt i + 1 is made with probability r^i and lasts
  // E[min(X, τ)] (an error is known at the end of its execution); retry k follows a backoff with
  // probability r^k. Unlimited retries and no backoff give E[min(X, τ)]/F(τ) (errors aside).
  {
    // A lost request or response costs τ; otherwise min(X, τ).
    const attempt = lq * tau + (1 - lq) * ((1 - lr) * law.partialMean(tau) + (tau === Infinity ? 0 : tau * (lr * F + (1 - F))));
    let total = 0;
    for (let i = 0; i <= N; i++) {
      total += r ** i * attempt;
      if (i > 0 && c.retry !== null && c.retry.backoff.base > 0) total += r ** i * expectedBackoffDelay(c.retry.backoff, i);
    }
    out.push({ type: 'ratio', metric: `${prefix}.duration_mean`, formula: 'independent attempts: E[total] = E[min(X, τ)]·Σ r^i + Σ r^k·E[d_k] (E[min(X, τ)]/F(τ) truncated at N retries)', kind: 'correct', analytic: total * SECONDS_PER_HOUR, why: '' });
  }
  // The latency of a success: j retried failures first (weight r^j), each costing τ (a timeout) or
  // E[X | X ≤ τ] (an error), the backoff before each retry, then a successful attempt E[X | X ≤ τ].
  if (s > 0) {
    const success = law.partialMean(tau) / F;
    const failedCost =
      r === 0
        ? 0
        : ((retried.has('timeout') ? (p[cause('timeout')] as number) * tau : 0) + (retried.has('lost') ? (p[cause('lost')] as number) * tau : 0)) / r +
          (retried.has('error') ? ((p[cause('error')] as number) * success) / r : 0);
    let weight = 0;
    let total = 0;
    let backoff = 0;
    for (let j = 0; j <= N; j++) {
      if (j > 0 && c.retry !== null && c.retry.backoff.base > 0) backoff += expectedBackoffDelay(c.retry.backoff, j);
      const wj = r ** j;
      weight += wj;
      total += wj * (j * failedCost + backoff + success);
    }
    out.push({ type: 'ratio', metric: `${prefix}.latency_mean`, formula: 'independent attempts: E[latency | success], retries and backoff included', kind: 'correct', analytic: (total / weight) * SECONDS_PER_HOUR, why: '' });
    // Without retries the latency of a success is X given X ≤ τ: its CDF is F(x)/F(τ).
    if (N === 0 || r === 0) {
      for (const level of [0.5, 0.9, 0.95, 0.99, 0.999]) {
        const ln = law.lognormal;
        if (ln === undefined) continue;
        const quantile = lognormalQuantile(ln, level * F) * SECONDS_PER_HOUR;
        out.push({
          type: 'quantile',
          metric: `${prefix}.latency.p${String(level * 100).replace('.', '')}`,
          histogram: `${prefix}.latency`,
          level,
          formula: tau === Infinity ? 'lognormal quantile exp(μ + σΦ⁻¹(p))' : 'lognormal truncated at the timeout: F(x)/F(τ)',
          kind: 'correct',
          quantile,
          cdf: (x) => Math.min(1, law.cdf(x / SECONDS_PER_HOUR) / F),
          why: '',
        });
      }
    }
  }
}

/** Seed 000's QueryTimeoutModel, where a class carries one of its query types' laws: its clamped tail, its "optimal" timeouts, its "~2.7 s" mean. */
function seedTimeoutClaims(prefix: string, c: QueryClassSpec, out: WorkloadClaim[]): void {
  const model = queryTimeoutModel();
  const law = lawOf(c.execution);
  const ln = law?.lognormal;
  if (ln === undefined || (c.retry?.maxRetries ?? 0) > 0 || c.errorProbability > 0 || c.loss !== null || c.slow !== null || c.network !== null) return;
  const muSeconds = ln.mu + Math.log(SECONDS_PER_HOUR);
  const type = [...model.queryDistributions.entries()].find(([, d]) => Math.abs(d.mu - muSeconds) < 1e-9 && Math.abs(d.sigma - ln.sigma) < 1e-12)?.[0];
  if (type === undefined) return;
  const flaw = (id: string) => queryTimeoutModelInfo.find((m) => m.id === id)?.flaws[0] ?? '';
  if (c.timeout === null) {
    if (type === 'simple_select') out.push({ type: 'ratio', metric: `${prefix}.latency_mean`, formula: 'QueryTimeoutModel comment: simple_select "~2.7s mean"', kind: 'published', analytic: 2.7, why: 'the comment gives e^μ = 2.72 s, the median; the mean of a lognormal is e^{μ+σ²/2} = 3.08 s' });
    return;
  }
  const seconds = c.timeout * SECONDS_PER_HOUR;
  out.push({
    type: 'ratio',
    metric: `${prefix}.failure_ratio.timeout`,
    formula: `QueryTimeoutModel.timeout_probability(${type}, ${seconds.toPrecision(6)})`,
    kind: 'published',
    analytic: model.timeoutProbability(type, seconds),
    why: flaw('QueryTimeoutModel.timeout_probability'),
  });
  // The timeouts the strategy recommends: a class whose timeout is one of them is its claim's test.
  for (const target of [0.9, 0.95, 0.98, 0.99, 0.999]) {
    const strategy = model.optimalTimeoutStrategy(type, target);
    if (Math.abs(strategy.optimalTimeoutSeconds - seconds) > 1e-9 * seconds) continue;
    out.push({
      type: 'ratio',
      metric: `${prefix}.success_ratio`,
      formula: `QueryTimeoutModel.optimal_timeout_strategy(${type}, ${target}): success ${target}`,
      kind: 'published',
      analytic: target,
      why: flaw('QueryTimeoutModel.optimal_timeout_strategy'),
    });
  }
}

/** A query of fixed length w that needs a service of stationary sources succeeds iff the service stays up for w: the window metric's exact value. */
function windowClaims(scenario: Scenario, prefix: string, c: QueryClassSpec, out: WorkloadClaim[]): void {
  if (c.service === null || c.execution.type !== 'deterministic' || c.slow !== null || c.network !== null || c.timeout !== null || c.retry !== null || c.fallbacks.length > 0 || c.usesExecutors || c.bulkhead !== null || c.breaker !== null || c.memory > 0 || c.errorProbability > 0) return;
  const service = scenario.services[c.service];
  if (service === undefined) return;
  const sources = stationarySourcesOf(scenario, service);
  if (sources === undefined) return;
  const w = c.execution.value as number;
  const up = upThroughoutWindow(sources, w);
  out.push({ type: 'ratio', metric: `${prefix}.success_ratio`, formula: 'P(up throughout a query of length w): alternating renewal, stationary Π A·e^(−w/MTTF)', kind: 'correct', analytic: up, why: '' });
  out.push({ type: 'ratio', metric: `${prefix}.failure_ratio.service_down`, formula: '1 − P(up throughout w)', kind: 'correct', analytic: 1 - up, why: '' });
}

/** Every workload claim a scenario's classes, pools and breakers meet the assumptions of. */
export function workloadClaims(scenario: Scenario): WorkloadClaim[] {
  const w = scenario.workload;
  if (w === undefined) return [];
  const out: WorkloadClaim[] = [];
  for (const c of w.classes) {
    const prefix = `queries.${c.name}`;
    if (isolated(w, c)) {
      independentAttempts(scenario, prefix, c, out);
      seedTimeoutClaims(prefix, c, out);
    }
    windowClaims(scenario, prefix, c, out);
  }
  lossSystemClaims(scenario, w, out);
  memoryClaims(w, out);
  breakerClaims(scenario, w, out);
  return out;
}

/** A class alone on a resource with no timeout, retries, service or other pool: Poisson arrivals at a constant rate and its execution law. */
function alone(c: QueryClassSpec): boolean {
  return c.service === null && c.slow === null && c.network === null && c.timeout === null && c.retry === null && c.breaker === null && c.fallbacks.length === 0 && c.errorProbability === 0 && c.arrivals.type === 'poisson';
}

/**
 * Bulkheads without a queue are Erlang's loss system, M/G/c/c: a call is rejected with
 * probability B(c, λE[X]) whatever the law of X (Erlang 1917; Sevastyanov 1957 for the
 * insensitivity). Executors that never fail are M/M/c: with an unbounded queue an arrival waits
 * with probability C(c, a) and the mean sojourn is C/(cμ − λ) + 1/μ (Erlang C); with a queue limit,
 * M/M/c/K's blocking probability (Kleinrock 1975, §3.6).
 */
function lossSystemClaims(scenario: Scenario, w: WorkloadSpec, out: WorkloadClaim[]): void {
  w.bulkheads.forEach((b, bi) => {
    const users = w.classes.filter((c) => c.bulkhead === bi);
    const c = users[0];
    if (users.length !== 1 || c === undefined || !alone(c) || c.usesExecutors || c.memory > 0 || b.queue !== 0 || c.arrivals.type !== 'poisson') return;
    const law = lawOf(c.execution);
    if (law === undefined) return;
    const blocked = erlangB(b.maxConcurrent, c.arrivals.rate * law.mean);
    out.push({ type: 'ratio', metric: `queries.${c.name}.failure_ratio.rejected`, formula: `Erlang B(${b.maxConcurrent}, λE[X]), insensitive to the law of X`, kind: 'correct', analytic: blocked, why: '' });
  });
  const ex = w.executors;
  if (ex === null) return;
  const group = scenario.groups[ex.group];
  const users = w.classes.filter((c) => c.usesExecutors);
  const c = users[0];
  if (group === undefined || users.length !== 1 || c === undefined || !alone(c) || c.bulkhead !== null || c.memory > 0 || c.arrivals.type !== 'poisson' || c.execution.type !== 'exponential') return;
  // Executors that cannot fail within the horizon: a deterministic time to failure beyond it.
  if (!(group.failure.type === 'deterministic' && (group.failure.value as number) > scenario.horizon) || group.initial !== 'up') return;
  const servers = group.count * ex.slots;
  const law = lawOf(c.execution) as Law;
  const mu = 1 / law.mean;
  const lambda = c.arrivals.rate;
  const a = lambda / mu;
  if (ex.queueLimit === Infinity && ex.queueTimeout === null) {
    if (!(a < servers)) return;
    const waitProbability = erlangC(servers, a);
    const sojourn = waitProbability / (servers * mu - lambda) + 1 / mu;
    out.push({ type: 'ratio', metric: `queries.${c.name}.latency_mean`, formula: `M/M/c: C(c, a)/(cμ − λ) + 1/μ (Erlang C), c = ${servers}`, kind: 'correct', analytic: sojourn * SECONDS_PER_HOUR, why: '' });
  } else if (ex.queueTimeout === null) {
    const blocked = mmcKBlocking(lambda, mu, servers, servers + ex.queueLimit);
    out.push({ type: 'ratio', metric: `queries.${c.name}.failure_ratio.rejected`, formula: `M/M/c/K blocking, c = ${servers}, K = ${servers + ex.queueLimit}`, kind: 'correct', analytic: blocked, why: '' });
  }
}

/**
 * Memory with one class of demand m (the others none), Poisson arrivals and no timeout: the
 * number running is M/G/∞'s Poisson(λE[X]) without admission, so demand exceeds the usable U a
 * fraction P(N > ⌊U/m⌋) of the time and an arriving attempt does not fit with P(N ≥ ⌊U/m⌋)
 * (PASTA); with admission it is Erlang's loss system with ⌊U/m⌋ places, B(⌊U/m⌋, λE[X]) both
 * ways (Takács 1962; Erlang 1917).
 */
function memoryClaims(w: WorkloadSpec, out: WorkloadClaim[]): void {
  const mem = w.memory;
  if (mem === null) return;
  const users = w.classes.filter((c) => c.memory > 0);
  const c = users[0];
  if (users.length !== 1 || c === undefined || !alone(c) || c.usesExecutors || c.bulkhead !== null || c.arrivals.type !== 'poisson') return;
  const law = lawOf(c.execution);
  if (law === undefined) return;
  const usable = mem.capacity * (1 - mem.overhead);
  const load = { arrivalRate: c.arrivals.rate, meanHoldingTime: law.mean, memoryPerQuery: c.memory };
  const a = load.arrivalRate * load.meanHoldingTime;
  let places = Math.floor(usable / c.memory);
  while ((places + 1) * c.memory <= usable) places++;
  while (places > 0 && places * c.memory > usable) places--;
  if (mem.admission === 'none') {
    out.push({ type: 'mean', metric: 'memory.exhausted_time', formula: 'M/G/∞: P(Poisson(λE[X]) > ⌊U/m⌋)', kind: 'correct', analytic: memoryExhaustionProbability(load, usable), why: '' });
    // Seed 000's step function of utilisation, averaged over the number running (Poisson(a)): what it
    // would predict for this load, as the probability that memory is exhausted.
    if (mem.overhead === 0.2) {
      const model = resourceFailureModel(mem.capacity);
      let claimed = 0;
      let below = 0;
      let pn = Math.exp(-a);
      for (let n = 0; below < 1 - 1e-15 && n < 10_000; n++) {
        claimed += pn * model.memoryFailureProbability(new Array<number>(n).fill(c.memory));
        below += pn;
        pn *= a / (n + 1);
      }
      claimed += (1 - below) * 1;
      const flaw = resourceFailureModelInfo.find((m) => m.id === 'ResourceFailureModel.memory_failure_probability')?.flaws[1] ?? '';
      out.push({ type: 'mean', metric: 'memory.exhausted_time', formula: `ResourceFailureModel(${mem.capacity}).memory_failure_probability, averaged over N ~ Poisson(λE[X]) running`, kind: 'published', analytic: claimed, why: flaw });
    }
    out.push({ type: 'ratio', metric: `queries.${c.name}.memory_short_ratio`, formula: 'M/G/∞ and PASTA: P(Poisson(λE[X]) ≥ ⌊U/m⌋)', kind: 'correct', analytic: places === 0 ? 1 : regularizedGammaP(places, a), why: '' });
  } else {
    const blocked = erlangB(places, a);
    out.push({ type: 'mean', metric: 'memory.exhausted_time', formula: `Erlang B(⌊U/m⌋ = ${places}, λE[X]): time all places are taken`, kind: 'correct', analytic: blocked, why: '' });
    out.push({ type: 'ratio', metric: `queries.${c.name}.failure_ratio.out_of_memory`, formula: `Erlang B(⌊U/m⌋ = ${places}, λE[X]), insensitive`, kind: 'correct', analytic: blocked, why: '' });
  }
}

/**
 * A consecutive-failure breaker in front of instantaneous calls (execution 0) that fail
 * independently with probability f, Poisson at rate λ: the renewal-reward open fraction
 * (`consecutiveBreakerOpenFraction`), and the success ratio (1 − open)(1 − f) by PASTA.
 */
function breakerClaims(scenario: Scenario, w: WorkloadSpec, out: WorkloadClaim[]): void {
  w.breakers.forEach((b, bi) => {
    const users = w.classes.filter((c) => c.breaker === bi);
    const c = users[0];
    if (b.type !== 'consecutive' || users.length !== 1 || c === undefined) return;
    if (c.service !== null || c.retry !== null || c.bulkhead !== null || c.usesExecutors || c.memory > 0 || c.arrivals.type !== 'poisson') return;
    if (!(c.execution.type === 'deterministic' && c.execution.value === 0) || !b.failureCauses.includes('error') || c.errorProbability <= 0 || c.loss !== null || c.slow !== null || c.network !== null) return;
    const open = consecutiveBreakerOpenFraction({ rate: c.arrivals.rate, failureProbability: c.errorProbability, threshold: b.threshold, resetTimeout: b.resetTimeout, halfOpenSuccesses: b.halfOpenSuccesses });
    const span = scenario.horizon - scenario.warmup;
    const load = { rate: c.arrivals.rate, failureProbability: c.errorProbability, threshold: b.threshold, resetTimeout: b.resetTimeout, halfOpenSuccesses: b.halfOpenSuccesses };
    out.push({ type: 'mean', metric: `breakers.${b.name}.open_fraction`, formula: 'consecutive breaker, renewal reward (instantaneous calls)', kind: 'correct', analytic: open, why: '' });
    out.push({ type: 'mean', metric: `breakers.${b.name}.opens`, formula: 'consecutive breaker, renewal reward: openings per hour × (horizon − warmup)', kind: 'correct', analytic: consecutiveBreakerOpensPerHour(load) * span, why: '' });
    out.push({ type: 'ratio', metric: `breakers.${b.name}.half_open_close_ratio`, formula: 'seed 003: a half-open visit closes with (1 − f)^m', kind: 'correct', analytic: halfOpenCloseProbability(c.errorProbability, b.halfOpenSuccesses), why: '' });
    if (c.fallbacks.length === 0) out.push({ type: 'ratio', metric: `queries.${c.name}.success_ratio`, formula: 'consecutive breaker: (1 − open fraction)(1 − f), PASTA', kind: 'correct', analytic: (1 - open) * (1 - c.errorProbability), why: '' });
  });
}

/** Failure detectors and breakers: consecutive-failure circuit breakers, heartbeat timeouts and phi accrual. */

import { invalidParameter, requireFinite, requirePositive, requireProbability } from '../errors.js';
import { akkaLogisticQuantile } from '../math/akkaLogistic.js';
import { normalPdf, normalQuantile, normalSurvival } from '../math/normal.js';
import { studentTCdf } from '../math/studentT.js';

function requireCount(name: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= max)) invalidParameter(name, `an integer in [1, ${max}]`, value);
}

/**
 * Expected number of calls until a breaker that opens after k CONSECUTIVE failures opens, each
 * call failing independently with probability p: (1 − p^k)/((1 − p)·p^k) = Σ_{i=1}^{k} p^{−i},
 * the mean waiting time for a run of k successes in Bernoulli trials (W. Feller, *An
 * Introduction to Probability Theory and Its Applications*, vol. 1, 3rd ed. 1968, §XIII.7). The
 * positive sum has no cancellation as p → 1 (where it tends to k).
 *
 * Assumes: the breaker of seeds 001/003 in its CLOSED state (the count resets on a success);
 * independent calls with a constant failure probability (no correlated outage, which is what
 * breakers are for; under an outage p jumps to 1 and the breaker opens after k calls).
 *
 * @param p failure probability of a call; 0 gives Infinity.
 * @param k failures in a row that open the breaker, an integer ≥ 1.
 * @throws FaultlineError (INVALID_PARAMETER) naming `p` or `k`.
 * @example expectedCallsUntilOpen(0.5, 5) // 62
 */
export function expectedCallsUntilOpen(p: number, k: number): number {
  requireProbability('p', p);
  requireCount('k', k);
  if (p === 0) return Infinity;
  let sum = 0;
  let term = 1;
  for (let i = 1; i <= k; i++) {
    term /= p;
    sum += term;
  }
  return sum;
}

type Matrix = Float64Array[];

/** a·b for an r×n matrix a and an n×n matrix b. */
function multiply(a: Matrix, b: Matrix): Matrix {
  const n = b.length;
  const c = a.map(() => new Float64Array(n));
  a.forEach((row, i) => {
    for (let l = 0; l < n; l++) {
      const ail = row[l]!;
      if (ail === 0) continue;
      for (let j = 0; j < n; j++) c[i]![j]! += ail * b[l]![j]!;
    }
  });
  return c;
}

/**
 * P(a run of at least k consecutive events occurs within n independent trials), each an event
 * with probability p: the probability that the breaker of {@link expectedCallsUntilOpen} opens
 * within n calls, or that a heartbeat detector falsely suspects within n heartbeats. Computed as
 * the absorption probability of the run-length Markov chain (states 0…k−1 and "run reached"),
 * by repeated squaring of its transition matrix; every entry is a sum of non-negative products,
 * so a result of 1e-40 keeps full relative precision. O(k³ log n).
 *
 * Assumes: independent trials with constant p.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `p`, `k` (1…100) or `trials`.
 */
export function consecutiveRunProbability(p: number, k: number, trials: number): number {
  requireProbability('p', p);
  requireCount('k', k, 100);
  if (!(Number.isInteger(trials) && trials >= 0)) invalidParameter('trials', 'an integer >= 0', trials);
  const size = k + 1;
  let step: Matrix = Array.from({ length: size }, () => new Float64Array(size));
  for (let j = 0; j < k; j++) {
    step[j]![0] = 1 - p;
    step[j]![j + 1] = p;
  }
  step[k]![k] = 1;
  let row: Float64Array = new Float64Array(size);
  row[0] = 1;
  for (let n = trials; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) row = multiply([row], step)[0]!;
    if (n > 1) step = multiply(step, step);
  }
  return row[k]!;
}

/** A heartbeat failure detector watching one node. */
export interface HeartbeatDetector {
  /** Heartbeat period Δ, hours. */
  readonly interval: number;
  /** P(a heartbeat is lost), independently of every other heartbeat. */
  readonly lossProbability: number;
  /** k: the node is suspected after k consecutive missed heartbeats (a timeout of kΔ). */
  readonly missedToSuspect: number;
  /** Constant network delay, hours (default 0). */
  readonly delay?: number;
}

function checkDetector(h: HeartbeatDetector): void {
  requirePositive('interval', h.interval);
  requireProbability('lossProbability', h.lossProbability);
  requireCount('missedToSuspect', h.missedToSuspect, 100);
  if (h.delay !== undefined && !(Number.isFinite(h.delay) && h.delay >= 0)) {
    invalidParameter('delay', 'a finite number >= 0', h.delay);
  }
}

/*
 * Shared assumptions of the heartbeat formulas: heartbeats are sent every Δ exactly (no clock
 * drift or jitter) and arrive after a constant delay or not at all; losses are independent with
 * probability ℓ; the monitor suspects when no heartbeat has arrived for kΔ, which under these
 * assumptions is the same as k consecutive losses; a suspicion ends at the next heartbeat received.
 */

/**
 * Long-run fraction of time a LIVE node is suspected: ℓ^k (the last k heartbeats were all lost).
 *
 * Assumes: the shared heartbeat assumptions above (see {@link HeartbeatDetector}).
 */
export function heartbeatSuspectedFraction(h: HeartbeatDetector): number {
  checkDetector(h);
  return h.lossProbability ** h.missedToSuspect;
}

/**
 * False suspicions of a live node per hour: (1 − ℓ)·ℓ^k/Δ (a suspicion starts at the heartbeat
 * slot that completes a run of k losses following a received heartbeat).
 *
 * Assumes: the shared heartbeat assumptions above; steady state.
 */
export function heartbeatFalseSuspicionRate(h: HeartbeatDetector): number {
  checkDetector(h);
  return ((1 - h.lossProbability) * h.lossProbability ** h.missedToSuspect) / h.interval;
}

/**
 * P(a live node is falsely suspected at least once within `horizon` hours), starting just after a
 * heartbeat arrived: a run of k losses among the ⌊horizon/Δ⌋ heartbeats due
 * ({@link consecutiveRunProbability}).
 *
 * Assumes: the shared heartbeat assumptions above.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming a detector field or `horizon`.
 */
export function heartbeatFalseSuspicionProbability(h: HeartbeatDetector, horizon: number): number {
  checkDetector(h);
  if (!(Number.isFinite(horizon) && horizon >= 0)) invalidParameter('horizon', 'a finite number >= 0', horizon);
  return consecutiveRunProbability(h.lossProbability, h.missedToSuspect, Math.floor(horizon / h.interval + 1e-9));
}

/**
 * Mean time from a crash to its suspicion. The node sends at 0, Δ, 2Δ, … and crashes at c,
 * uniform in (0, Δ) after its last heartbeat; the last heartbeat RECEIVED was sent at −jΔ with
 * probability (1 − ℓ)ℓ^j, and suspicion comes at −jΔ + δ + kΔ, so the latency is
 * max(0, (k − j)Δ + δ − c) (0 when losses had already caused suspicion). For j < k its mean is
 * (k − j − ½)Δ + δ; without losses, (k − ½)Δ + δ.
 *
 * Assumes: the shared heartbeat assumptions above; crash instants independent of the heartbeat
 * phase (uniform within a period); losses before the crash as in steady state.
 */
export function heartbeatMeanDetectionLatency(h: HeartbeatDetector): number {
  checkDetector(h);
  const { interval: dt, lossProbability: loss, missedToSuspect: k } = h;
  const delay = h.delay ?? 0;
  let mean = 0;
  let weight = 1 - loss; // P(last received heartbeat was sent j periods before the crash)
  for (let j = 0; weight > 0; j++, weight *= loss) {
    const reach = (k - j) * dt + delay; // suspicion time minus the start of the crash period
    if (reach <= 0) break;
    // E[max(0, reach − c)], c ~ U(0, Δ).
    mean += weight * (reach >= dt ? reach - dt / 2 : (reach * reach) / (2 * dt));
  }
  return mean;
}

/** ln Φ̄(z) for large z by Laplace's continued fraction Φ̄(z) = φ(z)/(z + 1/(z + 2/(z + …))). */
function logNormalSurvival(z: number): number {
  if (z < 37) return Math.log(normalSurvival(z));
  let fraction = z;
  for (let n = 60; n >= 1; n--) fraction = z + n / fraction;
  return -(z * z) / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(fraction);
}

/**
 * The phi accrual suspicion level φ(t) = −log10(1 − F(t)), t the time since the last heartbeat
 * arrived and F the normal CDF of inter-arrival times with the given mean and sd (Hayashibara,
 * Défago, Yared & Katayama, "The φ accrual failure detector", SRDS 2004; as in Akka, which also
 * adds an acceptable pause to the mean and floors the sd). Computed from the normal survival
 * function, and from its continued fraction beyond 37 sd, so φ stays finite and exact (φ ≈ 349
 * at 40 sd).
 *
 * Assumes: inter-arrival times i.i.d. normal with known mean and sd (in practice estimated from
 * a sliding window, not modelled here).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `t`, `mean` or `sd`.
 * @example phi(1.5, 1, 0.25) // −log10(Φ̄(2)) = 1.643…
 */
export function phi(t: number, mean: number, sd: number): number {
  requireFinite('t', t);
  requireFinite('mean', mean);
  requirePositive('sd', sd);
  const z = (t - mean) / sd;
  return 0 - logNormalSurvival(z) / Math.LN10;
}

/**
 * The time since the last heartbeat at which φ reaches `threshold`: mean + sd·Φ̄⁻¹(10^{−threshold}),
 * with Φ̄⁻¹(s) = −Φ⁻¹(s) taken on the small tail probability itself (no 1 − s). Under the model,
 * a live node's heartbeat is late by this much, i.e. a false suspicion per heartbeat, with
 * probability exactly 10^{−threshold}.
 *
 * Assumes: as {@link phi}.
 *
 * @param threshold Φ_threshold in (0, 300] (Akka's default is 8; Cassandra's phi_convict_threshold is 8 too, but with exponential inter-arrivals).
 * @throws FaultlineError (INVALID_PARAMETER) naming `threshold`, `mean` or `sd`.
 */
export function phiSuspicionTime(threshold: number, mean: number, sd: number): number {
  if (!(threshold > 0 && threshold <= 300)) invalidParameter('threshold', 'a number in (0, 300]', threshold);
  requireFinite('mean', mean);
  requirePositive('sd', sd);
  return mean - sd * normalQuantile(10 ** -threshold);
}

/**
 * Akka's φ (`akka.remote.PhiAccrualFailureDetector`): the normal CDF replaced by the logistic
 * approximation of Bowling et al. (2009): y = (t − mean)/sd, e = exp(−y(1.5976 + 0.070566y²)),
 * φ = −log10(e/(1 + e)) when t > mean, else −log10(1 − 1/(1 + e)). Akka passes mean + acceptable
 * pause as `mean` and max(sd, min-std-deviation) as `sd`.
 *
 * Assumes: as {@link phi}; the approximation's error grows in the far tail (φ = 8 at y ≈ 5.23,
 * against z = 5.61 for the exact tail).
 */
export function akkaPhi(t: number, mean: number, sd: number): number {
  requireFinite('t', t);
  requireFinite('mean', mean);
  requirePositive('sd', sd);
  const y = (t - mean) / sd;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  return t > mean ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));
}

/**
 * The y > 0 at which Akka's logistic φ reaches `threshold` (math/akkaLogistic.ts, `akkaLogisticQuantile`); y₈ = 5.2260…
 * @throws FaultlineError (INVALID_PARAMETER) naming `threshold`.
 */
export function akkaPhiQuantile(threshold: number): number {
  if (!(threshold > 0 && threshold <= 300)) invalidParameter('threshold', 'a number in (0, 300]', threshold);
  return akkaLogisticQuantile(threshold);
}

/**
 * The time since the last heartbeat at which Akka's φ reaches `threshold`:
 * mean + acceptablePause + max(sd, minSd)·y_φ ({@link akkaPhiQuantile}). With Akka's defaults
 * (interval 1 s, so sd 0 floored at 100 ms, pause 3 s, φ 8): 1 + 3 + 0.1·5.2260 = 4.5226 s.
 */
export function akkaPhiSuspicionTime(threshold: number, mean: number, sd: number, acceptablePause = 0, minSd = 0): number {
  requireFinite('mean', mean);
  return mean + acceptablePause + Math.max(sd, minSd) * akkaPhiQuantile(threshold);
}

/**
 * Cassandra's exponential φ (`org.apache.cassandra.gms.FailureDetector`): φ(t) = t/(mean·ln 10),
 * so φ reaches `threshold` at t* = threshold·ln 10·mean (18.42 mean intervals at 8). If the gaps
 * really are exponential with that mean, P(gap > t*) = exp(−t* ÷ mean) = 10^{−threshold}.
 */
export function cassandraPhiSuspicionTime(threshold: number, mean: number): number {
  if (!(threshold > 0 && threshold <= 300)) invalidParameter('threshold', 'a number in (0, 300]', threshold);
  requirePositive('mean', mean);
  return threshold * Math.LN10 * mean;
}

/*
 * Jittered heartbeats (docs/fault-modes.md, "Failure detectors"): heartbeats are sent as a renewal process, the
 * gaps G₁, G₂, … i.i.d. with mean μ, received at once or lost independently with probability ℓ. A
 * "check" is a reception: the monitor then waits t* for the next one, and a live node is falsely
 * suspected iff the next reception comes later than t*. With ℓ = 0 the inter-arrival times are the
 * gaps themselves, i.i.d.: phi accrual's own assumption (Hayashibara et al. 2004). (Independent
 * delays on a fixed schedule would instead give MA(1)-correlated inter-arrivals.)
 */

/**
 * P(false suspicion per check) of a phi accrual detector whose window holds the last W gaps, when
 * the gaps are i.i.d. N(μ, σ) and the detector suspects at m̂ + ŝ·q after a reception (m̂ the
 * window's mean, ŝ its population sd, q = z_φ for Hayashibara's exact normal tail, y_φ for Akka's
 * logistic; no acceptable pause, the sd floor not binding). The next gap X is independent of the
 * window, X − m̂ ~ N(0, σ²(1 + 1/W)) and Wŝ²/σ² ~ χ²_{W−1} independently (Cochran), so
 *   P(X > m̂ + q ŝ) = P(T_{W−1} > q·√((W − 1)/(W + 1))),
 * the classical normal prediction-interval identity (e.g. G. J. Hahn & W. Q. Meeker, *Statistical
 * Intervals*, Wiley 1991, §4.6). As W → ∞ it tends to Φ̄(q), which for q = z_φ is 10^{−φ}: the
 * false-positive probability per check of Hayashibara, Défago, Yared & Katayama, "The φ accrual
 * failure detector", SRDS 2004. With W = 1000 and φ = 1 the estimation adds 0.4% (0.10040).
 *
 * Assumes: normal gaps (a normal truncated at 0 whose mean is ≥ 5 sd is within 3e-7 of it), no
 * loss, a window full of gaps of the same life (none of the bootstrap's), σ ≫ the sd floor.
 *
 * @param quantile q: z_φ ({@link phiSuspicionTime}'s Φ̄⁻¹(10^{−φ})) or y_φ ({@link akkaPhiQuantile}).
 * @param window W ≥ 2 gaps.
 */
export function phiFalseSuspicionPerCheck(quantile: number, window: number): number {
  requireFinite('quantile', quantile);
  if (!(Number.isInteger(window) && window >= 2)) invalidParameter('window', 'an integer >= 2', window);
  return studentTCdf(-quantile * Math.sqrt((window - 1) / (window + 1)), window - 1);
}

/**
 * P(false suspicion per check) of Cassandra's exponential φ (`org.apache.cassandra.gms.FailureDetector`:
 * φ(t) = t/(m̂ ln 10), so suspicion at t* = φ·ln 10·m̂) when the gaps are i.i.d. exponential with mean μ
 * and the window holds W of them: W m̂/μ ~ Gamma(W, 1), independent of the next gap X, so
 *   P(X > t*) = E[e^{−φ ln 10 · m̂/μ}] = (1 + φ ln 10/W)^{−W},
 * which tends to e^{−φ ln 10} = 10^{−φ} as W → ∞ (with W = 1000 and φ = 1: 0.10027).
 *
 * Assumes: exponential gaps, no loss, no acceptable pause, a full window.
 */
export function cassandraFalseSuspicionPerCheck(threshold: number, window: number): number {
  if (!(threshold > 0 && threshold <= 300)) invalidParameter('threshold', 'a number in (0, 300]', threshold);
  if (!(Number.isInteger(window) && window >= 1)) invalidParameter('window', 'an integer >= 1', window);
  return Math.exp(-window * Math.log1p((threshold * Math.LN10) / window));
}

/** Jittered heartbeats with normal gaps: mean μ and sd σ, hours; ℓ and the timeout T. */
export interface JitteredHeartbeat {
  readonly mean: number;
  readonly sd: number;
  readonly lossProbability: number;
  readonly timeout: number;
}

function checkJittered(h: JitteredHeartbeat): void {
  requirePositive('mean', h.mean);
  requirePositive('sd', h.sd);
  requireProbability('lossProbability', h.lossProbability);
  if (!(h.lossProbability < 1)) invalidParameter('lossProbability', 'a probability < 1', h.lossProbability);
  requirePositive('timeout', h.timeout);
}

/**
 * P(false suspicion per check) of a fixed-timeout heartbeat detector under jittered heartbeats:
 * the next reception comes after J gaps, J geometric (P(J = j) = (1 − ℓ)ℓ^{j−1}), and the sum of j
 * normal gaps is N(jμ, jσ²), so P = Σ_{j ≥ 1} (1 − ℓ)ℓ^{j−1} Φ̄((T − jμ)/(σ√j)); with ℓ = 0, Φ̄((T − μ)/σ).
 *
 * Assumes: normal gaps (mean ≥ 5 sd when truncated at 0), independent losses; the renewal argument
 * of {@link heartbeatSuspectedFraction}: each reception starts afresh.
 */
export function jitteredHeartbeatFalseSuspicionPerCheck(h: JitteredHeartbeat): number {
  checkJittered(h);
  let sum = 0;
  let weight = 1 - h.lossProbability;
  for (let j = 1; weight > 1e-300 && j < 100000; j++, weight *= h.lossProbability) {
    const term = weight * normalSurvival((h.timeout - j * h.mean) / (h.sd * Math.sqrt(j)));
    sum += term;
    if (j * h.mean > h.timeout + 40 * h.sd * Math.sqrt(j) && weight < 1e-17 * sum) break;
  }
  return sum;
}

/**
 * False suspicions of a live node per hour alive: P(per check)·(1 − ℓ)/μ (receptions come at rate
 * (1 − ℓ)/μ: a renewal-reward argument; Chen, Toueg & Aguilera's mistake rate λ_M, IEEE TC 2002).
 */
export function mistakesPerHour(perCheck: number, mean: number, lossProbability = 0): number {
  requireProbability('perCheck', perCheck);
  requirePositive('mean', mean);
  requireProbability('lossProbability', lossProbability);
  return (perCheck * (1 - lossProbability)) / mean;
}

/**
 * Fraction of the time alive that a live node is suspected, jittered heartbeats without loss:
 * E[(G − T)^+]/μ per gap (renewal reward), and for normal gaps E[(G − T)^+] = σ(φ(z) − zΦ̄(z)),
 * z = (T − μ)/σ (the normal loss function).
 *
 * Assumes: normal gaps, ℓ = 0, up times far longer than a gap.
 */
export function jitteredHeartbeatSuspectedFraction(h: JitteredHeartbeat): number {
  checkJittered(h);
  if (h.lossProbability !== 0) invalidParameter('lossProbability', '0 (the form has no loss)', h.lossProbability);
  const z = (h.timeout - h.mean) / h.sd;
  return (h.sd * (normalPdf(z) - z * normalSurvival(z))) / h.mean;
}

/**
 * Mean detection latency of a fixed-timeout heartbeat detector under jittered heartbeats without
 * loss: a crash at a time independent of the heartbeats finds the last one sent A before it, A the
 * renewal process's equilibrium age with density Ḡ(a)/μ (W. Feller, *An Introduction to Probability
 * Theory and Its Applications*, vol. 2, 1971, §XI.4), and is suspected T − A after it (0 when
 * A > T: already suspected). So E[latency] = (1/μ)∫₀^T (T − a)Ḡ(a) da, computed here by Simpson's
 * rule on 4000 panels (T − μ/2 for constant gaps; T − (μ² + σ²)/(2μ) + O(Φ̄((T − μ)/σ)) for normal ones).
 *
 * Assumes: ℓ = 0; a crash far (many gaps) from the last restart; `survival` the gap law's P(G > a).
 */
export function jitteredHeartbeatMeanDetectionLatency(survival: (a: number) => number, mean: number, timeout: number): number {
  requirePositive('mean', mean);
  requirePositive('timeout', timeout);
  const panels = 4000;
  const h = timeout / panels;
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const a = i * h;
    const f = (timeout - a) * survival(a);
    sum += (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2) * f;
  }
  return (sum * h) / 3 / mean;
}

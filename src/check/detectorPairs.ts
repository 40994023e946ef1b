/** The closed forms of the failure detectors, each paired with the simulated detector metric it predicts, where the scenario meets the formula's assumptions. */
import {
  akkaPhiQuantile,
  akkaPhiSuspicionTime,
  cassandraFalseSuspicionPerCheck,
  cassandraPhiSuspicionTime,
  heartbeatFalseSuspicionRate,
  heartbeatMeanDetectionLatency,
  heartbeatSuspectedFraction,
  jitteredHeartbeatFalseSuspicionPerCheck,
  jitteredHeartbeatMeanDetectionLatency,
  jitteredHeartbeatSuspectedFraction,
  mistakesPerHour,
  phiFalseSuspicionPerCheck,
  phiSuspicionTime,
} from '../analytic/detectors.js';
import { normalQuantile } from '../math/normal.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import { memberLosses, type DetectorSpec } from '../scenario/detectorSpec.js';
import type { GroupSpec, Scenario } from '../scenario/validateScenario.js';

const SECONDS_PER_HOUR = 3600;

/** One detector pair before it meets the run: a metric (a mean or a ratio) and its predicted value. */
export interface DetectorClaim {
  readonly metric: string;
  readonly formula: string;
  readonly kind: 'correct';
  readonly analytic: number;
  readonly why: string;
}

/**
 * Whether crash instants are, to within far less than the run can resolve, uniform within a
 * heartbeat period and far apart from one another: exponential failures with a mean of at least
 * 1000 periods (the phase of an exponential time modulo Δ is uniform to within e^{−…} of it), and
 * repairs that are never shorter than the timeout (a crash repaired before it is suspected is never
 * detected, and leaving it out would bias the mean latency down).
 */
function crashesQualify(g: GroupSpec, interval: number, wait: number): boolean {
  const f = g.failure as unknown as { type: string; mean?: number; rate?: number } | undefined;
  if (f === undefined || f.type !== 'exponential') return false;
  const mean = f.mean ?? 1 / (f.rate as number);
  if (!(mean >= 1000 * interval)) return false;
  const r = g.repair as unknown as { type: string; value?: number; low?: number } | null | undefined;
  if (r === null || r === undefined) return true; // crash-stop
  if (r.type === 'deterministic') return (r.value as number) > wait;
  if (r.type === 'uniform') return (r.low as number) > wait;
  return false;
}

/**
 * The pairs of each detector (docs/fault-modes.md, "Failure detectors"):
 * - heartbeat, loss ℓ, T = nΔ + δ (0 ≤ δ < Δ): suspected fraction of the time alive ℓ^n, mistakes
 *   per hour alive (1 − ℓ)ℓ^n/Δ (analytic/detectors: the run of n losses after a reception, a
 *   renewal argument; exact in steady state, and the restart's certain reception is a renewal),
 *   and the mean detection latency Σ_{j<n}(1 − ℓ)ℓ^j((n − j − ½)Δ + δ) (crash uniform within the
 *   period, j trailing losses before it; 0 when already suspected), where crashes qualify;
 * - heartbeat with per-node loss (ℓ_i = 1 − (1 − send_i)(1 − receive) per member): the same three
 *   forms per member, the group's claim their plain mean over members (`memberMean`: ratios of
 *   sums over members that share one failure law);
 * - phi accrual without loss (constant inter-arrivals Δ, so the window's sd is below the floor
 *   σ_min once it holds a dozen samples, and its mean is Δ when the first-heartbeat estimate is Δ):
 *   the suspicion comes t* after the last heartbeat, Akka Δ + pause + σ_min·y_φ, normal
 *   Δ + pause + σ_min·z_φ, Cassandra pause + φ·ln 10·Δ, so the mean latency is t* − Δ/2 (the
 *   first dozen heartbeats after a restart, with the bootstrap's wider sd, are neglected: a crash
 *   within them has probability ≈ 12Δ/MTTF ≤ 1.2%… of 1000 periods; the pair is made only for
 *   MTTF ≥ 10⁵Δ).
 */
export function detectorClaims(scenario: Scenario): DetectorClaim[] {
  if (scenario.stopAt !== null) return [];
  const claims: DetectorClaim[] = [];
  for (const d of scenario.detectors ?? []) claims.push(...claimsOf(d, scenario));
  return claims;
}

/**
 * The mean over the group's members of a per-member closed form f(ℓ_i). Every group metric of a
 * detector is a ratio of sums over its members (suspected time / alive time, false suspicions /
 * alive time, Σ latency / crashes detected), and the members share one failure law, so each has the
 * same expected alive time and the same expected number of crashes: the ratio of the expectations is
 * the plain average of the members' own forms (docs/fault-modes.md, "Failure detectors", per-node loss).
 */
function memberMean(losses: readonly number[], f: (loss: number) => number): number {
  let sum = 0;
  for (const loss of losses) sum += f(loss);
  return sum / losses.length;
}

/** The loss of a formula's text: `ℓ = 0.2`, or the members' ℓ_i with per-node loss. */
function lossText(d: DetectorSpec, losses: readonly number[]): string {
  if (d.nodeLoss === null) return `ℓ = ${d.loss}`;
  return `ℓ_i = 1 − (1 − s_i)(1 − r) = ${losses.map((l) => Number(l.toPrecision(6))).join(', ')}`;
}

function claimsOf(d: DetectorSpec, scenario: Scenario): DetectorClaim[] {
  const g = scenario.groups.find((x) => x.name === d.group) as GroupSpec;
  const det = d.detector;
  const out: DetectorClaim[] = [];
  const name = d.group;
  const losses = memberLosses(d, g.count);
  const lossy = losses.some((l) => l > 0);
  if (d.gaps !== null) return jitteredClaims(d, g, scenario, losses);
  if (det.type === 'heartbeat') {
    const n = Math.floor(det.timeout / det.interval + 1e-9);
    const delay = Math.max(0, det.timeout - n * det.interval);
    const h = (lossProbability: number) => ({ interval: det.interval, lossProbability, missedToSuspect: n, delay });
    const perNode = d.nodeLoss === null ? '' : ' per member';
    if (lossy) {
      out.push({
        metric: `${name}.suspected_alive_fraction`,
        formula: d.nodeLoss === null ? `ℓ^n = ${d.loss}^${n} (heartbeat, independent losses; faultline analytic heartbeatSuspectedFraction)` : `mean of ℓ_i^n, n = ${n}, ${lossText(d, losses)} (heartbeat, independent losses; faultline analytic heartbeatSuspectedFraction)`,
        kind: 'correct',
        analytic: memberMean(losses, (l) => heartbeatSuspectedFraction(h(l))),
        why: `a suspicion of a live node needs the n slots after a reception all lost${perNode}; up times far longer than T`,
      });
      out.push({
        metric: `${name}.mistakes_per_hour`,
        formula: `${d.nodeLoss === null ? '(1 − ℓ)ℓ^n/Δ' : `mean of (1 − ℓ_i)ℓ_i^n/Δ, ${lossText(d, losses)}`} (Chen, Toueg & Aguilera 2002 mistake rate; faultline analytic heartbeatFalseSuspicionRate)`,
        kind: 'correct',
        analytic: memberMean(losses, (l) => heartbeatFalseSuspicionRate(h(l))),
        why: `per hour alive; a mistake starts at the reception followed by n losses${perNode}`,
      });
    }
    if (crashesQualify(g, det.interval, det.timeout)) {
      out.push({
        metric: `${name}.detection_latency`,
        formula: !lossy ? `T − Δ/2` : d.nodeLoss === null ? `Σ_{j<n}(1 − ℓ)ℓ^j((n − j − ½)Δ + δ), n = ${n}` : `mean of Σ_{j<n}(1 − ℓ_i)ℓ_i^j((n − j − ½)Δ + δ), n = ${n}, ${lossText(d, losses)} (every member crashes equally often)`,
        kind: 'correct',
        analytic: memberMean(losses, (l) => heartbeatMeanDetectionLatency(h(l))) * SECONDS_PER_HOUR,
        why: 'crash uniform within a heartbeat period (exponential failures, MTTF ≥ 1000Δ); repairs longer than T',
      });
    }
    return out;
  }
  if (lossy || det.firstHeartbeatEstimate !== det.interval) return out;
  const wait =
    det.variant === 'akka'
      ? akkaPhiSuspicionTime(det.threshold, det.interval, 0, det.acceptablePause, det.minStdDeviation)
      : det.variant === 'normal'
        ? det.acceptablePause + phiSuspicionTime(det.threshold, det.interval, det.minStdDeviation)
        : det.acceptablePause + cassandraPhiSuspicionTime(det.threshold, det.interval);
  // The window's sd must be below the floor once it holds its samples: constant gaps have sd 0, the bootstrap's two fade as 1/√count.
  const f = g.failure as unknown as { type: string; mean?: number; rate?: number };
  const mttf = f.type === 'exponential' ? (f.mean ?? 1 / (f.rate as number)) : 0;
  if (!(mttf >= 1e5 * det.interval) || !crashesQualify(g, det.interval, wait)) return out;
  const formula =
    det.variant === 'akka' ? 'Akka logistic: Δ + pause + σ_min·y_φ − Δ/2' : det.variant === 'normal' ? 'Hayashibara normal: Δ + pause + σ_min·z_φ − Δ/2' : 'Cassandra exponential: pause + φ·ln 10·Δ − Δ/2';
  out.push({
    metric: `${name}.detection_latency`,
    formula,
    kind: 'correct',
    analytic: (wait - det.interval / 2) * SECONDS_PER_HOUR,
    why: 'no loss: constant inter-arrivals Δ, sd floored; crash uniform within a period',
  });
  return out;
}

/** A normal gap law (truncated at 0, its mean ≥ 5 sd so that the truncation is below 3e-7), as { mean, sd } in hours, or null. */
function normalGaps(d: DetectorSpec): { mean: number; sd: number } | null {
  const law = d.gaps as unknown as { type: string; mean?: number; sd?: number };
  if (law.type !== 'truncatedNormal') return null;
  const mean = law.mean as number;
  const sd = law.sd as number;
  return mean >= 5 * sd ? { mean, sd } : null;
}

/** Whether the group never fails before the horizon and has no pauses: every life is the whole run, so a phi window is full from the warmup on. */
function lifelong(d: DetectorSpec, g: GroupSpec, scenario: Scenario): boolean {
  if (d.pauses !== null || d.lossEpisodes !== null) return false;
  return fromSpec(g.failure, `groups.${g.name}.failure`).cdf(scenario.horizon) === 0;
}

/**
 * The pairs of a detector with jittered heartbeats (the interval a distribution: a renewal process),
 * docs/fault-modes.md "Failure detectors", each where its assumptions hold:
 * - heartbeat, normal gaps (μ, σ), loss ℓ: mistakes per hour alive P·(1 − ℓ)/μ with
 *   P = Σ_j (1 − ℓ)ℓ^{j−1} Φ̄((T − jμ)/(σ√j)) per check; with ℓ = 0 the suspected fraction
 *   σ(φ(z) − zΦ̄(z))/μ and, where crashes qualify, the mean latency (1/μ)∫₀^T (T − a)Ḡ(a) da;
 * - phi (normal or akka), normal gaps, ℓ = 0, no pause, the sd floor at most σ/2, nodes that never
 *   fail or pause and a warmup of at least 2Wμ (the window full of this life's gaps): mistakes per
 *   hour P/μ with P = P(T_{W−1} > q√((W − 1)/(W + 1))), q = z_φ (→ 10^{−φ}) or y_φ;
 * - phi cassandra, exponential gaps, same conditions: P = (1 + φ ln 10/W)^{−W} (→ 10^{−φ}).
 */
function jitteredClaims(d: DetectorSpec, g: GroupSpec, scenario: Scenario, losses: readonly number[]): DetectorClaim[] {
  const det = d.detector;
  const name = d.group;
  const out: DetectorClaim[] = [];
  if (d.lossEpisodes !== null || d.pauses !== null) return out;
  const mu = det.interval;
  if (det.type === 'heartbeat') {
    const gaps = normalGaps(d);
    if (gaps === null) return out;
    const h = (lossProbability: number) => ({ mean: gaps.mean, sd: gaps.sd, lossProbability, timeout: det.timeout });
    if (d.nodeLoss === null) {
      const perCheck = jitteredHeartbeatFalseSuspicionPerCheck(h(d.loss));
      out.push({
        metric: `${name}.mistakes_per_hour`,
        formula: `P·(1 − ℓ)/μ, P = Σ_j (1 − ℓ)ℓ^{j−1}Φ̄((T − jμ)/(σ√j)) = ${perCheck.toPrecision(6)} per check (jittered heartbeats, normal gaps; faultline analytic jitteredHeartbeatFalseSuspicionPerCheck)`,
        kind: 'correct',
        analytic: mistakesPerHour(perCheck, mu, d.loss),
        why: 'a renewal process of heartbeats: each reception a check, false iff the next reception is later than T',
      });
    } else {
      out.push({
        metric: `${name}.mistakes_per_hour`,
        formula: `mean of P_i·(1 − ℓ_i)/μ, P_i = Σ_j (1 − ℓ_i)ℓ_i^{j−1}Φ̄((T − jμ)/(σ√j)), ${lossText(d, losses)} (jittered heartbeats, normal gaps; faultline analytic jitteredHeartbeatFalseSuspicionPerCheck)`,
        kind: 'correct',
        analytic: memberMean(losses, (l) => mistakesPerHour(jitteredHeartbeatFalseSuspicionPerCheck(h(l)), mu, l)),
        why: 'a renewal process of heartbeats per member: each reception a check, false iff the next reception is later than T',
      });
    }
    if (losses.some((l) => l > 0)) return out;
    out.push({
      metric: `${name}.suspected_alive_fraction`,
      formula: 'σ(φ(z) − zΦ̄(z))/μ, z = (T − μ)/σ (E[(G − T)^+]/E[G]; faultline analytic jitteredHeartbeatSuspectedFraction)',
      kind: 'correct',
      analytic: jitteredHeartbeatSuspectedFraction(h(0)),
      why: 'no loss: each gap longer than T is a suspicion for its excess over T',
    });
    if (crashesQualify(g, mu, det.timeout)) {
      const law = fromSpec(d.gaps as NonNullable<DetectorSpec['gaps']>, `${d.path}.heartbeat.interval`);
      out.push({
        metric: `${name}.detection_latency`,
        formula: '(1/μ)∫₀^T (T − a)Ḡ(a) da (the equilibrium age of the heartbeat renewal process at the crash)',
        kind: 'correct',
        analytic: jitteredHeartbeatMeanDetectionLatency((a) => 1 - law.cdf(a), mu, det.timeout) * SECONDS_PER_HOUR,
        why: 'no loss; crash times independent of the heartbeats (exponential failures, MTTF ≥ 1000μ), repairs longer than T',
      });
    }
    return out;
  }
  if (losses.some((l) => l > 0) || det.acceptablePause !== 0 || !lifelong(d, g, scenario) || !(scenario.warmup >= 2 * det.window * mu)) return out;
  if (det.variant === 'cassandra') {
    if ((d.gaps as unknown as { type: string }).type !== 'exponential') return out;
    const perCheck = cassandraFalseSuspicionPerCheck(det.threshold, det.window);
    out.push({
      metric: `${name}.mistakes_per_hour`,
      formula: `P/μ, P = (1 + φ ln 10/W)^{−W} = ${perCheck.toPrecision(6)} per check → 10^{−φ} (Cassandra exponential φ, exponential gaps, window W = ${det.window})`,
      kind: 'correct',
      analytic: mistakesPerHour(perCheck, mu),
      why: 'exponential gaps: the window mean is Gamma(W), independent of the next gap',
    });
    return out;
  }
  const gaps = normalGaps(d);
  if (gaps === null || !(det.minStdDeviation <= gaps.sd / 2) || det.window < 100) return out;
  const q = det.variant === 'akka' ? akkaPhiQuantile(det.threshold) : -normalQuantile(10 ** -det.threshold);
  const perCheck = phiFalseSuspicionPerCheck(q, det.window);
  out.push({
    metric: `${name}.mistakes_per_hour`,
    formula:
      `P/μ, P = P(T_{W−1} > q√((W − 1)/(W + 1))) = ${perCheck.toPrecision(6)} per check, q = ${det.variant === 'akka' ? 'y_φ (Akka logistic)' : 'z_φ (Hayashibara normal), → 10^{−φ}'} = ${q.toFixed(4)}, W = ${det.window} ` +
      '(normal gaps; the window\'s mean and sd estimated: a prediction interval)',
    kind: 'correct',
    analytic: mistakesPerHour(perCheck, mu),
    why: 'normal i.i.d. gaps (a renewal process), no loss or pause, a full window, the sd floor not binding',
  });
  return out;
}

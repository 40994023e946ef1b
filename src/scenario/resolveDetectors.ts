/** The `detectors` of a scenario file resolved: each detector's group checked, its defaults filled (Akka's). */
import { describeValue } from '../errors.js';
import { fromSpec } from '../random/distributions/fromSpec.js';
import type { DetectorSpec, PhiVariant } from './detectorSpec.js';
import type { DetectorInput } from './schema.js';
import type { ScenarioDistribution } from './validateScenario.js';

const SECOND = 1 / 3600;

/** What `resolveDetectors` needs of a group. */
interface GroupRef {
  readonly name: string;
  readonly kind: string;
  readonly count: number;
}

/**
 * Resolves `detectors` against `groups`, pushing each problem as
 * `detectors.<i>.<field>: expected …, got …`. Each detector names an existing component group,
 * at most one detector per group, and exactly one of `heartbeat` and `phi`; a heartbeat
 * timeout is at least its interval. Phi defaults are Akka's (`akka.cluster.failure-detector`):
 * window 1000, min-std-deviation 100 ms, acceptable-heartbeat-pause 3 s, first-heartbeat-estimate 1 s,
 * variant "akka".
 */
export function resolveDetectors(input: readonly DetectorInput[] | undefined, raw: unknown, groups: readonly GroupRef[], problems: string[]): DetectorSpec[] {
  const out: DetectorSpec[] = [];
  const seen = new Set<string>();
  const rawList = (raw as { detectors?: unknown[] } | null)?.detectors;
  (input ?? []).forEach((d, i) => {
    const path = `detectors.${i}`;
    const rawD = (Array.isArray(rawList) ? rawList[i] : undefined) as Record<string, Record<string, unknown>> | undefined;
    const before = problems.length;
    const group = groups.find((g) => g.name === d.group);
    if (group === undefined || group.kind === 'link') problems.push(`${path}.group: expected the name of a component group, got ${describeValue(d.group)}`);
    else if (seen.has(d.group)) problems.push(`${path}.group: expected one detector per group, got ${describeValue(d.group)} again`);
    seen.add(d.group);
    if ((d.heartbeat === undefined) === (d.phi === undefined)) {
      problems.push(`${path}: expected exactly one of "heartbeat" and "phi", got ${d.heartbeat === undefined ? 'neither' : 'both'}`);
    }
    // A distribution as the interval: jittered heartbeats (a renewal process); Δ is then its mean.
    const rawInterval = (d.heartbeat ?? d.phi)?.interval;
    const field = d.heartbeat !== undefined ? 'heartbeat' : 'phi';
    let interval = typeof rawInterval === 'number' ? rawInterval : NaN;
    let gaps: ScenarioDistribution | null = null;
    if (rawInterval !== undefined && typeof rawInterval !== 'number') {
      gaps = stripUndefined(rawInterval);
      try {
        interval = fromSpec(gaps, `${path}.${field}.interval`).mean;
      } catch (error) {
        problems.push((error as Error).message);
      }
      if (problems.length === before && !(interval > 0 && Number.isFinite(interval))) {
        problems.push(`${path}.${field}.interval: expected a law with a finite mean > 0, got mean ${describeValue(interval)}`);
      }
    }
    if (d.heartbeat !== undefined && interval === interval && !(d.heartbeat.timeout >= interval)) {
      problems.push(`${path}.heartbeat.timeout: expected at least the interval${gaps === null ? '' : "'s mean"} (${describeValue(gaps === null ? rawD?.heartbeat?.interval : interval * 3600 + 's')}), got ${describeValue(rawD?.heartbeat?.timeout)}`);
    }
    // The schema let an object `loss` through as either loss episodes (all of every, duration, probability) or per-node loss (send and/or receive).
    const lossObject = d.loss === undefined || typeof d.loss === 'number' ? null : d.loss;
    const episodes = lossObject !== null && lossObject.every !== undefined && lossObject.duration !== undefined && lossObject.probability !== undefined ? lossObject : null;
    const nodeLoss = lossObject !== null && episodes === null && group !== undefined && group.kind !== 'link' ? resolveNodeLoss(lossObject.send, lossObject.receive ?? 0, group.count, d.group, `${path}.loss`, problems) : null;
    if (problems.length > before) return;
    const loss = typeof d.loss === 'number' ? d.loss : 0;
    const lossEpisodes = episodes === null ? null : { every: stripUndefined(episodes.every as object), duration: stripUndefined(episodes.duration as object), probability: episodes.probability as number };
    const heartbeats = d.heartbeats ?? 'auto';
    const pauses = d.pauses === undefined ? null : { every: stripUndefined(d.pauses.every), duration: stripUndefined(d.pauses.duration) };
    if (d.heartbeat !== undefined) {
      out.push({ group: d.group, detector: { type: 'heartbeat', interval, timeout: d.heartbeat.timeout }, gaps, loss, nodeLoss, lossEpisodes, heartbeats, pauses, path });
      return;
    }
    const p = d.phi as NonNullable<DetectorInput['phi']>;
    out.push({
      group: d.group,
      detector: {
        type: 'phi',
        interval,
        threshold: p.threshold,
        window: p.window ?? 1000,
        minStdDeviation: p.minStdDeviation ?? 0.1 * SECOND,
        acceptablePause: p.acceptablePause ?? 3 * SECOND,
        firstHeartbeatEstimate: p.firstHeartbeatEstimate ?? SECOND,
        variant: (p.variant ?? 'akka') as PhiVariant,
      },
      gaps,
      loss,
      nodeLoss,
      lossEpisodes,
      heartbeats,
      pauses,
      path,
    });
  });
  return out;
}

function stripUndefined(spec: object): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}

/**
 * Per-node loss `{ "send": p | { "<member index>": p, …, "default": p }, "receive": p }`
 * (docs/fault-modes.md, "Failure detectors"): each member's send loss (a member not named takes
 * "default", itself 0 unless given) and the monitor's receive loss (range-checked by the schema,
 * default 0). Each probability is in [0, 1), like a constant `loss`; each key is "default" or a
 * member index 0 … count − 1 written canonically ("1", not "01").
 */
function resolveNodeLoss(send: unknown, receive: number, count: number, group: string, path: string, problems: string[]): { send: number[]; receive: number } {
  const probability = (p: unknown, at: string): number => {
    if (typeof p === 'number' && p >= 0 && p < 1) return p;
    problems.push(`${at}: expected a number in [0, 1), got ${describeValue(p)}`);
    return 0;
  };
  if (send === undefined) return { send: Array.from({ length: count }, () => 0), receive };
  if (typeof send !== 'object' || send === null || Array.isArray(send)) {
    const p = probability(send, `${path}.send`);
    return { send: Array.from({ length: count }, () => p), receive };
  }
  const entries = Object.entries(send as Record<string, unknown>);
  const fallback = 'default' in send ? probability((send as Record<string, unknown>)['default'], `${path}.send.default`) : 0;
  const out = Array.from({ length: count }, () => fallback);
  for (const [key, p] of entries) {
    if (key === 'default') continue;
    const i = Number(key);
    if (!(Number.isInteger(i) && i >= 0 && i < count && String(i) === key)) {
      problems.push(`${path}.send.${key}: expected a member index of ${describeValue(group)} (0 to ${count - 1}) or "default", got ${describeValue(key)}`);
      continue;
    }
    out[i] = probability(p, `${path}.send.${key}`);
  }
  return { send: out, receive };
}

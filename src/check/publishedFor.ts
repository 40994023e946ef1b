/** Pairs a scenario's services with seed 000's published values that claim to describe the same quantities, over the span they claim, and the exact values beside them. */
import { upThroughoutWindow } from '../analytic/alternatingRenewal.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { clusterReliabilityModel } from '../analytic/published/clusterReliabilityModel.js';
import { dataSourceReliabilityModel } from '../analytic/published/dataSourceReliabilityModel.js';
import { networkPartitionModel } from '../analytic/published/networkPartitionModel.js';
import { publishedModels } from '../analytic/published/index.js';
import { electionSeesPartitions } from '../scenario/resolveElection.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { electionClaims } from './electionPairs.js';
import { exactFor, exponentialMean, isExact } from './exactFor.js';

/** One published value next to the exact value of what it claims to compute. */
export interface PublishedComparison {
  readonly service: string;
  /** `Class.method(arguments)` as published. */
  readonly published: string;
  readonly claims: string;
  readonly publishedValue: number;
  /**
   * The simulated metric of the service that measures what it claims (`availability`,
   * `no_outage`, `window_up_<w>h`, `point_availability@<t>h`), or null when nothing simulated does
   * (a split-brain probability under a rule that makes split brain impossible).
   */
  readonly metric: string | null;
  /** The run it must be compared with: from an all-start at 0 to `horizon`, or null for a stationary claim that holds over any span. */
  readonly horizon: number | null;
  /** The exact value of the quantity it claims, for this scenario over that span (null when none exists). */
  readonly exactValue: number | null;
  readonly exactQuantity: string;
  /** The assumption that breaks, from the published model's documented flaws. */
  readonly why: string;
}

const SOURCE_NAMES: Readonly<Record<string, string>> = { s3: 'S3', snowflake: 'Snowflake', postgresql: 'PostgreSQL', elasticsearch: 'Elasticsearch' };

function info(id: string): { claims: string; flaw: string } {
  const model = publishedModels.find((m) => m.id === id);
  return { claims: model?.claims ?? id, flaw: model?.flaws[0] ?? '' };
}

/** The scenario run over [0, horizon] instead of its own span: same system, same start state. */
export function overSpan(scenario: Scenario, horizon: number): Scenario {
  if (scenario.warmup === 0 && scenario.horizon === horizon && scenario.stopAt === null) return scenario;
  return {
    ...scenario,
    horizon,
    warmup: 0,
    grid: [0, horizon],
    windows: scenario.windows.filter((w) => w <= horizon),
    stopAt: null,
  };
}

/** The spans (horizons from 0) that published claims on this scenario are about, other than the scenario's own run. */
export function publishedSpans(scenario: Scenario): number[] {
  const spans = new Set<number>();
  for (const p of publishedFor(scenario, false)) if (p.horizon !== null && p.metric !== null && overSpan(scenario, p.horizon) !== scenario) spans.add(p.horizon);
  return [...spans].sort((a, b) => b - a);
}

/** Whether a stationary claim on the windows applies: every member a single steady-start source with exponential laws. */
export function stationarySourcesOf(scenario: Scenario, service: Scenario['services'][number]): { availability: number; mttr: number }[] | undefined {
  if (service.gate !== 'kOfMembers' || service.k !== service.members.length) return undefined;
  const sources = [];
  for (const m of service.members) {
    const g = scenario.groups.find((x) => x.name === m.name);
    if (m.type !== 'group' || !g || g.count !== 1 || g.initial !== 'steady' || g.failure.type !== 'exponential' || g.repair?.type !== 'exponential') return undefined;
    const mttf = exponentialMean(g.failure);
    const mttr = exponentialMean(g.repair);
    sources.push({ availability: mttf / (mttf + mttr), mttr });
  }
  return sources;
}

/**
 * For a full mesh of identical exponential links under a `connected` service: the link
 * availability, node count, and whether the last grid time is late enough (ten link repair times)
 * for the mesh to have settled from its all-up start into the steady state a partition claim is about.
 */
export function settledMesh(scenario: Scenario): { a: number; nodes: number; mttr: number; at: number } | undefined {
  const net = scenario.network;
  if (net === null || scenario.partitions !== undefined) return undefined; // partitions cut links the formula does not know of
  const links = scenario.groups.find((g) => g.name === net.linkGroup);
  const nodes = net.nodeGroups.reduce((sum, name) => sum + (scenario.groups.find((g) => g.name === name)?.count ?? 0), 0);
  if (!links || links.repair === null || net.endpoints.length !== (nodes * (nodes - 1)) / 2) return undefined;
  const mttf = exponentialMean(links.failure);
  const mttr = exponentialMean(links.repair);
  const at = scenario.grid[scenario.grid.length - 1] as number;
  if (!(mttf > 0 && mttr > 0) || at < 10 * mttr) return undefined;
  // To 12 digits: an availability written 0.9999 comes back from MTTF/(MTTF + MTTR) as 0.99989999999999…
  return { a: Number((mttf / (mttf + mttr)).toPrecision(12)), nodes, mttr, at };
}

/**
 * The published seed-000 values that claim to describe this scenario's services (the cluster
 * model only for clusters of its own node MTBFs, 8760 h and 4380 h), each tagged
 * with the simulated metric and the span that measure what it claims, so that a value is compared
 * only with the quantity it claims: the cluster model's "system availability over t hours" with
 * the interval availability over [0, t] and, beside it, the probability of no outage in [0, t]
 * with repair; the data-source model with the window survival of stationary sources; the
 * partition model with P(connected) at a settled grid time. `withExactValues` false skips
 * solving for the exact values (`exactValue` null), for callers that only pair.
 */
export function publishedFor(scenario: Scenario, withExactValues = true): PublishedComparison[] {
  const out: PublishedComparison[] = [];
  const solved = new Map<number, ReturnType<typeof exactFor>>();
  const exactOver = (horizon: number, service: string) => {
    if (!withExactValues) return undefined;
    if (!solved.has(horizon)) solved.set(horizon, exactFor(overSpan(scenario, horizon)));
    const e = solved.get(horizon)?.find((x) => x.service === service);
    return e !== undefined && isExact(e) ? e : undefined;
  };
  for (const service of scenario.services) {
    if (service.gate === 'quorum') {
      const coordinators = scenario.groups.find((g) => g.name === service.coordinators);
      const executors = scenario.groups.find((g) => g.name === service.executors);
      // The published model fixes its nodes' MTBF (8760 h and 4380 h, exponential): it describes no other cluster.
      const mtbf = (g: typeof coordinators) => (g?.failure.type === 'exponential' ? exponentialMean(g.failure) : NaN);
      if (!coordinators || !executors || mtbf(coordinators) !== 8760 || mtbf(executors) !== 4380) continue;
      // Nor a cluster whose nodes fail together or wait for a shared repairer: not its system.
      const shocked = (scenario.shocks ?? []).some((sh) => sh.components.some((c) => c.group === coordinators.name || c.group === executors.name));
      if (shocked || coordinators.crew !== null || executors.crew !== null) continue;
      const model = clusterReliabilityModel(coordinators.count, executors.count);
      const annual = info('ClusterReliabilityModel.system_availability');
      for (const t of [8760, 24]) {
        const published = `ClusterReliabilityModel(${coordinators.count}, ${executors.count}).system_availability(${t})`;
        const label = t === 8760 ? 'annual system availability' : `${t}-hour system availability`;
        const e = exactOver(t, service.name);
        out.push({
          service: service.name,
          published,
          claims: `${label} (${annual.claims})`,
          publishedValue: model.systemAvailability(t),
          metric: 'availability',
          horizon: t,
          exactValue: e?.intervalAvailability ?? null,
          exactQuantity: `expected availability over [0, ${t}] h (with repair)`,
          why: annual.flaw,
        });
        out.push({
          service: service.name,
          published,
          claims: `${label}, read as the probability of no outage in [0, ${t}] h`,
          publishedValue: model.systemAvailability(t),
          metric: 'no_outage',
          horizon: t,
          exactValue: e?.noOutageProbability ?? null,
          exactQuantity: `P(no outage in [0, ${t}] h), with repair`,
          why: annual.flaw,
        });
      }
      const split = info('NetworkPartitionModel.split_brain_probability');
      out.push({
        service: service.name,
        published: `NetworkPartitionModel().split_brain_probability(${coordinators.count})`,
        claims: split.claims,
        publishedValue: networkPartitionModel().splitBrainProbability(coordinators.count),
        metric: null,
        horizon: null,
        exactValue: 0,
        exactQuantity: 'P(two sides each hold a strict majority): impossible',
        why: split.flaw,
      });
    }
    const mesh = service.gate === 'connected' ? settledMesh(scenario) : undefined;
    if (mesh !== undefined) {
      const partition = info('NetworkPartitionModel.partition_probability');
      out.push({
        service: service.name,
        published: `NetworkPartitionModel(${mesh.a}).partition_probability(${mesh.nodes})`,
        claims: partition.claims,
        publishedValue: networkPartitionModel(mesh.a).partitionProbability(mesh.nodes),
        metric: `point_availability@${mesh.at}h`,
        horizon: null,
        exactValue: meshDisconnectedProbability(mesh.nodes, mesh.a),
        exactQuantity: 'steady-state P(the full mesh is disconnected)',
        why: partition.flaw,
      });
    }
    const sources = stationarySourcesOf(scenario, service);
    if (sources !== undefined && service.gate === 'kOfMembers' && scenario.windows.length > 0) {
      const names = service.members.map((m) => SOURCE_NAMES[m.name.toLowerCase()]);
      const kinds = service.members.map((m) => scenario.groups.find((g) => g.name === m.name)?.kind);
      if (names.some((n) => n === undefined) || kinds.some((k) => k !== 'source')) continue;
      const query = info('DataSourceReliabilityModel.query_success_probability');
      const window = scenario.windows[0] as number;
      out.push({
        service: service.name,
        published: `DataSourceReliabilityModel().query_success_probability([${names.join(', ')}], ${window})`,
        claims: query.claims,
        publishedValue: dataSourceReliabilityModel().querySuccessProbability(names as string[], window),
        metric: `window_up_${window}h`,
        horizon: null,
        exactValue: upThroughoutWindow(sources, window),
        exactQuantity: `P(every source up throughout a ${window} h query started at a random time)`,
        why: query.flaw,
      });
    }
  }
  const e = scenario.election;
  if (e !== undefined && electionSeesPartitions(scenario) && scenario.stopAt === null) {
    // Seed 000 does not say of what its split-brain "probability" is one (per partition, per
    // year, at a random time): it is paired with the one the simulation measures as a
    // probability of the system's state, P(two or more leaders at a random time in [warmup, horizon]).
    const n = scenario.groups.find((g) => g.name === e.group)?.count ?? 0;
    const split = info('NetworkPartitionModel.split_brain_probability');
    const naive = electionClaims(scenario).find((c) => c.metric === `${e.group}.split_brain_time`);
    out.push({
      service: e.group,
      published: `NetworkPartitionModel().split_brain_probability(${n})`,
      claims: `${split.claims}, read as the fraction of time with two or more leaders (the seed does not define of what it is a probability)`,
      publishedValue: networkPartitionModel().splitBrainProbability(n),
      metric: 'split_brain_time',
      horizon: null,
      exactValue: e.policy === 'majority' ? 0 : (naive?.analytic ?? null),
      exactQuantity:
        e.policy === 'majority'
          ? 'P(two leaders at a random time) under a strict-majority election: impossible'
          : 'P(two leaders at a random time) under the naive election: partitioned_time·(1 − E[detection + election]/E[D]) (naiveSplitBrain)',
      why: e.policy === 'majority' ? (publishedModels.find((m) => m.id === 'NetworkPartitionModel.split_brain_probability')?.flaws[1] ?? split.flaw) : 'the 0.001 base rate and the 1/n scaling are invented; a naive election splits for nearly the whole partitioned time',
    });
  }
  return out;
}

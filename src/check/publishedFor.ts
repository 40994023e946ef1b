/** Pairs a scenario's services with seed 000's published values that claim to describe the same quantities, and the correct values beside them. */
import { upThroughoutWindow } from '../analytic/alternatingRenewal.js';
import { meshDisconnectedProbability } from '../analytic/fullMeshNetwork.js';
import { clusterReliabilityModel } from '../analytic/published/clusterReliabilityModel.js';
import { dataSourceReliabilityModel } from '../analytic/published/dataSourceReliabilityModel.js';
import { networkPartitionModel } from '../analytic/published/networkPartitionModel.js';
import { publishedModels } from '../analytic/published/index.js';
import type { Scenario } from '../run/runScenario.js';
import { exactFor, exponentialMean, isExact, type ExactService } from './exactFor.js';

/** One published value next to the exact value of what it claims to compute. */
export interface PublishedComparison {
  readonly service: string;
  /** `Class.method(arguments)` as published. */
  readonly published: string;
  readonly claims: string;
  readonly publishedValue: number;
  /** The exact value of the quantity it claims, for this scenario (null when none exists). */
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

/** The published seed-000 values that claim to describe this scenario's services. */
export function publishedFor(scenario: Scenario): PublishedComparison[] {
  const exact = new Map(exactFor(scenario).filter(isExact).map((e) => [e.service, e] as const));
  const out: PublishedComparison[] = [];
  for (const service of scenario.services) {
    const e: ExactService | undefined = exact.get(service.name);
    if (service.gate === 'quorum') {
      const coordinators = scenario.groups.find((g) => g.name === service.coordinators);
      const executors = scenario.groups.find((g) => g.name === service.executors);
      if (!coordinators || !executors) continue;
      const model = clusterReliabilityModel(coordinators.count, executors.count);
      const annual = info('ClusterReliabilityModel.system_availability');
      out.push({
        service: service.name,
        published: `ClusterReliabilityModel(${coordinators.count}, ${executors.count}).system_availability(8760)`,
        claims: `annual system availability (${annual.claims})`,
        publishedValue: model.systemAvailability(8760),
        exactValue: e?.steadyStateAvailability ?? e?.intervalAvailability ?? null,
        exactQuantity: e?.steadyStateAvailability != null ? 'steady-state availability' : 'expected availability over the horizon',
        why: annual.flaw,
      });
      out.push({
        service: service.name,
        published: `ClusterReliabilityModel(${coordinators.count}, ${executors.count}).system_availability(24)`,
        claims: '24-hour system availability',
        publishedValue: model.systemAvailability(24),
        exactValue: e?.steadyStateAvailability ?? e?.intervalAvailability ?? null,
        exactQuantity: e?.steadyStateAvailability != null ? 'steady-state availability' : 'expected availability over the horizon',
        why: annual.flaw,
      });
      const split = info('NetworkPartitionModel.split_brain_probability');
      out.push({
        service: service.name,
        published: `NetworkPartitionModel().split_brain_probability(${coordinators.count})`,
        claims: split.claims,
        publishedValue: networkPartitionModel().splitBrainProbability(coordinators.count),
        exactValue: 0,
        exactQuantity: 'P(two sides each hold a strict majority): impossible',
        why: split.flaw,
      });
    }
    if (service.gate === 'connected' && scenario.network !== null) {
      const links = scenario.groups.find((g) => g.name === scenario.network?.linkGroup);
      const nodes = scenario.network.nodeGroups.reduce((n, name) => n + (scenario.groups.find((g) => g.name === name)?.count ?? 0), 0);
      if (!links || links.repair === null) continue;
      const a = exponentialMean(links.failure) / (exponentialMean(links.failure) + exponentialMean(links.repair));
      const partition = info('NetworkPartitionModel.partition_probability');
      out.push({
        service: service.name,
        published: `NetworkPartitionModel(${a}).partition_probability(${nodes})`,
        claims: partition.claims,
        publishedValue: networkPartitionModel(a).partitionProbability(nodes),
        exactValue: meshDisconnectedProbability(nodes, a),
        exactQuantity: 'steady-state P(the full mesh is disconnected)',
        why: partition.flaw,
      });
    }
    if (service.gate === 'kOfMembers' && service.k === service.members.length) {
      const sources = service.members.map((m) => scenario.groups.find((g) => g.name === m.name && g.kind === 'source'));
      const names = sources.map((g) => (g ? SOURCE_NAMES[g.name.toLowerCase()] : undefined));
      if (sources.some((g) => g === undefined || g.repair === null) || names.some((n) => n === undefined)) continue;
      const query = info('DataSourceReliabilityModel.query_success_probability');
      const window = scenario.windows[0] ?? 1;
      out.push({
        service: service.name,
        published: `DataSourceReliabilityModel().query_success_probability([${names.join(', ')}], ${window})`,
        claims: query.claims,
        publishedValue: dataSourceReliabilityModel().querySuccessProbability(names as string[], window),
        exactValue: upThroughoutWindow(
          sources.map((g) => {
            const group = g as NonNullable<typeof g>;
            const mttf = exponentialMean(group.failure);
            const mttr = exponentialMean(group.repair as NonNullable<typeof group.repair>);
            return { availability: mttf / (mttf + mttr), mttr };
          }),
          window,
        ),
        exactQuantity: `P(every source up throughout a ${window} h query started at a random time)`,
        why: query.flaw,
      });
    }
  }
  return out;
}

/** A scenario compiled into a kernel and its modules: the gates of its services, its behaviours and its measures. */
import type { Scenario } from '../../scenario/validateScenario.js';
import { Byzantine } from '../behaviours/Byzantine.js';
import { CommonCause } from '../behaviours/CommonCause.js';
import { FailRepair } from '../behaviours/FailRepair.js';
import { Partitions, type StaleProbe } from '../behaviours/Partitions.js';
import { Standby } from '../behaviours/Standby.js';
import { Bft } from '../gates/bft.js';
import { Detectors } from '../detectors/Detectors.js';
import { Election } from '../election/Election.js';
import { SidedElection } from '../election/SidedElection.js';
import { electionSeesPartitions } from '../../scenario/resolveElection.js';
import { Connected } from '../gates/connected.js';
import type { Gate } from '../gates/Gate.js';
import { KOfGroup } from '../gates/kOfGroup.js';
import { KOfMembers } from '../gates/kOfMembers.js';
import { someReplicaCutOff } from '../gates/majoritySide.js';
import { Network } from '../gates/Network.js';
import { Quorum } from '../gates/quorum.js';
import { GroupMetrics } from '../metrics/GroupMetrics.js';
import { OutageLog } from '../metrics/OutageLog.js';
import { ImportanceMeter } from '../metrics/ImportanceMeter.js';
import { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import { Pipeline } from '../pipeline/Pipeline.js';
import { Recovery } from '../recovery/Recovery.js';
import { Reflections } from '../reflections/Reflections.js';
import { Workload } from '../workload/Workload.js';
import { Kernel, type Module } from './Kernel.js';

export interface Plan {
  readonly kernel: Kernel;
  /** In start order: behaviours first (they place the components and schedule), then measures. */
  readonly modules: readonly Module[];
  readonly serviceMetrics: ServiceMetrics;
  readonly failRepair: FailRepair;
  /** The outage log (outages.csv), made only when a run asks for it. */
  readonly outageLog: () => OutageLog;
  /** The pipeline and its ledger, when the scenario has one. */
  readonly pipeline?: Pipeline;
}

/** The gate of each service, in the scenario's (dependency) order. */
function gatesOf(scenario: Scenario, groupStart: Int32Array, keep: { network: Network | null }): Gate[] {
  const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
  const serviceIndex = new Map(scenario.services.map((s, i) => [s.name, i]));
  const groupCount = Int32Array.from(scenario.groups, (g) => g.count);
  const network = scenario.network === null ? null : new Network(scenario, scenario.network, groupStart);
  keep.network = network;
  return scenario.services.map((s): Gate => {
    switch (s.gate) {
      case 'kOfMembers':
        return new KOfMembers(
          s.k,
          Int32Array.from(s.members, (m) => (m.type === 'service' ? (serviceIndex.get(m.name) as number) : (groupIndex.get(m.name) as number))),
          Uint8Array.from(s.members, (m) => (m.type === 'service' ? 1 : 0)),
          groupCount,
        );
      case 'kOfGroup':
        return new KOfGroup(groupIndex.get(s.group) as number, s.k);
      case 'quorum':
        return new Quorum(groupIndex.get(s.coordinators) as number, s.executors === null ? -1 : (groupIndex.get(s.executors) as number), s.executorsAtLeast, groupCount, network);
      case 'connected':
        return new Connected(Int32Array.from(s.groups, (g) => groupIndex.get(g) as number), network as Network);
      case 'bft':
        return new Bft(groupIndex.get(s.group) as number, s.f, groupStart, groupCount);
    }
  });
}

/**
 * Compiles `scenario`. The measures are built first, so that the metrics are declared in the
 * order of summary.csv (services, groups, crews, shocks); the behaviours start first, so that the
 * components are placed before the services are evaluated. Common-cause shocks are a module only
 * when the scenario has some: a plain scenario's plan is what it was (the fast path).
 */
export function compile(scenario: Scenario): Plan {
  const built: { network: Network | null } = { network: null };
  const kernel = new Kernel(scenario, (groupStart) => gatesOf(scenario, groupStart, built));
  const serviceMetrics = new ServiceMetrics(kernel);
  const groupMetrics = new GroupMetrics(kernel);
  const standbyGroups = new Set(scenario.groups.filter((g) => g.standby !== null).map((g) => g.name));
  const failRepair = new FailRepair(kernel, scenario, standbyGroups, scenario.shocks !== undefined);
  const behaviours: Module[] = [failRepair];
  let standby: Standby | undefined;
  if (standbyGroups.size > 0) {
    // Its groups' crews are FailRepair's: one queue per crew (its policy) whichever module owns the component.
    const spares = new Standby(kernel, scenario, failRepair.crews);
    failRepair.shareCrews((c) => spares.startRepair(c));
    behaviours.push(spares);
    standby = spares;
  }
  if (scenario.shocks !== undefined) {
    // After the behaviours whose components its shocks fail: it starts once they are placed.
    const owner = standby;
    const target = owner === undefined ? failRepair : { failNow: (c: number, cause: number) => failRepair.failNow(c, cause) || owner.failNow(c, cause) };
    behaviours.push(new CommonCause(kernel, scenario, target));
  }
  // Fault modes beyond crash: modules only when the scenario has them (the fast path is unchanged).
  const byzantine = scenario.byzantine === undefined ? null : new Byzantine(kernel, scenario);
  if (byzantine !== null) behaviours.push(byzantine);
  if (scenario.partitions !== undefined) behaviours.push(new Partitions(kernel, scenario, staleProbes(scenario, built.network as Network, kernel)));
  // Queries start once the components are placed (it reads the executors' states), and declare their metrics last.
  const workload = scenario.workload === undefined ? [] : [new Workload(kernel, scenario, scenario.workload, byzantine)];
  // Detectors read the placed components and follow every move: only when the scenario has some.
  const detectors = scenario.detectors === undefined ? [] : [new Detectors(kernel, scenario, scenario.detectors)];
  // The election reads the placed coordinators and follows their moves: only when the scenario has one;
  // per connected side when partitions can split its group (else exactly as before partitions existed).
  const e = scenario.election;
  const election = e === undefined ? [] : electionSeesPartitions(scenario) ? [new SidedElection(kernel, scenario, e, built.network as Network)] : [new Election(kernel, scenario, e)];
  // The pipeline reads the placed brokers, consumer and sinks: only when the scenario has one.
  const pipeline = scenario.pipeline === undefined ? undefined : new Pipeline(kernel, scenario, scenario.pipeline);
  // Reflection refreshes and recovery incidents draw on their own streams and read nothing else: only when the scenario has them.
  const reflections = scenario.reflections === undefined ? [] : [new Reflections(kernel, scenario.reflections)];
  const recovery = scenario.recovery === undefined ? [] : [new Recovery(kernel, scenario.recovery)];
  kernel.seal();
  const modules = [...behaviours, ...workload, ...detectors, ...election, ...(pipeline === undefined ? [] : [pipeline]), ...reflections, ...recovery, serviceMetrics, groupMetrics];
  return { kernel, modules, serviceMetrics, failRepair, outageLog: () => new OutageLog(kernel), ...(pipeline === undefined ? {} : { pipeline }) };
}

/**
 * The AP services whose stale time a partitioned scenario measures (docs/fault-modes.md, "Partitions and
 * CAP"): each `atLeast k of` a group on the network with k below a strict majority of it (it
 * serves from replicas that may be cut off from the write quorum).
 */
function staleProbes(scenario: Scenario, network: Network, kernel: Kernel): StaleProbe[] {
  const onNetwork = new Set(scenario.network?.nodeGroups ?? []);
  return scenario.services.flatMap((s, i) => {
    if (s.gate !== 'kOfGroup' || !onNetwork.has(s.group)) return [];
    const g = scenario.groups.findIndex((x) => x.name === s.group);
    const majority = ((scenario.groups[g]?.count ?? 0) >> 1) + 1;
    if (s.k >= majority) return [];
    return [{ service: i, name: s.name, cutOff: () => someReplicaCutOff(network, g, majority, kernel.view) }];
  });
}

/** The importance meter on a compiled kernel (docs/statistics.md, "Importance measures"): built only when a run asks. */
export function importanceMeter(kernel: Kernel): ImportanceMeter {
  return new ImportanceMeter(kernel);
}

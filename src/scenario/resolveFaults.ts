/** Fault modes beyond crash resolved from a scenario file: the groups' byzantine laws and the partition processes, checked against the groups and the network. */
import { describeValue } from '../errors.js';
import { LIMITS } from './limits.js';
import type { ByzantineInput, PartitionInput } from './schema.js';
import type { NetworkSpec, ScenarioDistribution } from './validateScenario.js';

/** A group's byzantine state (docs/fault-modes.md, "Byzantine faults"). */
export interface ByzantineSpec {
  /** The group whose first `count` components have the law. */
  readonly group: string;
  readonly count: number;
  /** Time honest before turning byzantine (the "failure" of the pair). */
  readonly failure: ScenarioDistribution;
  /** Time byzantine before answering correctly again (the "repair"). */
  readonly repair: ScenarioDistribution;
  /** JSON path (`groups.<name>.byzantine`), for messages. */
  readonly path: string;
}

/** A partition process (docs/fault-modes.md, "Partitions and CAP"). */
export interface PartitionSpec {
  readonly name: string;
  /** Time from time 0, or from the end of a partition, to the start of the next. */
  readonly every: ScenarioDistribution;
  readonly duration: ScenarioDistribution;
  /** The sides as the file writes them. */
  readonly split: readonly [readonly string[], readonly string[]];
  /** The sides as node indices (into the network's node list), each ascending. */
  readonly sides: readonly [readonly number[], readonly number[]];
  readonly symmetric: boolean;
  readonly path: string;
}

interface GroupRef {
  readonly name: string;
  readonly count: number;
}

const COMPONENT = /^([A-Za-z][A-Za-z0-9_-]*)\/(\d+)$/;

function strip(spec: object): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}

/** The byzantine laws of the groups that declare one, in group order; `count` is checked against the group's count. */
export function resolveByzantine(
  input: readonly (readonly [string, ByzantineInput | undefined, number])[],
  problems: string[],
): ByzantineSpec[] {
  const specs: ByzantineSpec[] = [];
  for (const [group, b, groupCount] of input) {
    if (b === undefined) continue;
    const path = `groups.${group}.byzantine`;
    const count = b.count ?? groupCount;
    if (count > groupCount) {
      problems.push(`${path}.count: expected at most the group's count (${groupCount}), got ${describeValue(b.count)}`);
      continue;
    }
    specs.push({ group, count, failure: strip(b.failure), repair: strip(b.repair), path });
  }
  return specs;
}

/**
 * Resolves `partitions` against the network's nodes, pushing each problem as
 * `partitions.<name>.split.<side>.<i>: expected …, got …`. A partition needs a network; a node
 * must be on it, at most once over both sides.
 */
export function resolvePartitions(
  input: Readonly<Record<string, PartitionInput>> | undefined,
  groups: readonly GroupRef[],
  network: NetworkSpec | null,
  problems: string[],
): PartitionSpec[] {
  const entries = Object.entries(input ?? {});
  if (entries.length === 0) return [];
  if (entries.length > LIMITS.partitions) {
    problems.push(`partitions: expected at most ${LIMITS.partitions} partitions, got ${entries.length}`);
    return [];
  }
  if (network === null) {
    problems.push(`partitions: expected a scenario with a network (a partition cuts links), got ${describeValue(Object.keys(input ?? {}))}`);
    return [];
  }
  const byName = new Map(groups.map((g) => [g.name, g]));
  const firstNode = new Map<string, number>();
  let at = 0;
  for (const g of network.nodeGroups) {
    firstNode.set(g, at);
    at += byName.get(g)?.count ?? 0;
  }
  const specs: PartitionSpec[] = [];
  let cuts = 0;
  for (const [name, p] of entries) {
    const path = `partitions.${name}`;
    const seen = new Set<number>();
    const before = problems.length;
    const sides = p.split.map((side, s) => {
      const nodes: number[] = [];
      side.forEach((ref, i) => {
        const where = `${path}.split.${s}.${i}`;
        const match = COMPONENT.exec(ref);
        const groupName = byName.has(ref) ? ref : match ? (match[1] as string) : ref;
        const group = byName.get(groupName);
        const first = firstNode.get(groupName);
        if (group === undefined || first === undefined || (!byName.has(ref) && !(Number(match?.[2]) < group.count))) {
          problems.push(`${where}: expected a node of the network ("group/index", or a group of ${network.nodeGroups.join(', ')}), got ${describeValue(ref)}`);
          return;
        }
        const indices = byName.has(ref) ? Array.from({ length: group.count }, (_, k) => k) : [Number(match?.[2])];
        for (const k of indices) {
          if (seen.has(first + k)) {
            problems.push(`${where}: expected each node once over both sides, got ${describeValue(ref)} (${groupName}/${k} is already on a side)`);
            return;
          }
          seen.add(first + k);
          nodes.push(first + k);
        }
      });
      return nodes.sort((a, b) => a - b);
    });
    if (problems.length > before) continue;
    const a = new Set(sides[0]);
    const b = new Set(sides[1]);
    for (const [x, y] of network.endpoints) if ((a.has(x) && b.has(y)) || (a.has(y) && b.has(x))) cuts++;
    if (cuts > LIMITS.partitionCuts) {
      problems.push(`${path}.split: expected at most ${LIMITS.partitionCuts} links cut by all partitions together, got ${cuts} by this one and those before it`);
      return [];
    }
    specs.push({
      name,
      every: strip(p.every),
      duration: strip(p.duration),
      split: [p.split[0], p.split[1]],
      sides: [sides[0] as number[], sides[1] as number[]],
      symmetric: p.symmetric ?? true,
      path,
    });
  }
  return specs;
}

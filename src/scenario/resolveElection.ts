/** The `election` of a scenario file resolved: its group checked, its timeouts ordered, its split window inside the timeout range. */
import { describeValue } from '../errors.js';
import type { ElectionInput } from './schema.js';

/** How a group elects its leader (docs/fault-modes.md, "Leader election"). All times in hours. */
export interface ElectionSpec {
  /** The coordinator group; member 0 leads at time 0. */
  readonly group: string;
  /** `majority`: a candidate wins only with a strict majority of the whole group alive; `naive`: any alive candidate wins. */
  readonly policy: 'majority' | 'naive';
  /** Each round, each alive member draws an election timeout uniform in (min, max). */
  readonly timeout: { readonly min: number; readonly max: number };
  /** From the leader's crash to the followers noticing it (the election starts then). */
  readonly detection: number;
  /** A round is a split vote when the second-earliest timeout fires within this of the earliest. */
  readonly voteDelay: number;
}

/** What `resolveElection` needs of a group. */
interface GroupRef {
  readonly name: string;
  readonly kind: string;
  readonly count: number;
}

/**
 * Resolves `election` against `groups`, pushing each problem as `election.<field>: expected …,
 * got …`: the group exists (not a link group), timeout.min ≤ timeout.max, and voteDelay is
 * below max − min (else with two or more voters every round would split: no leader, ever).
 */
export function resolveElection(input: ElectionInput | undefined, raw: unknown, groups: readonly GroupRef[], problems: string[]): ElectionSpec | undefined {
  if (input === undefined) return undefined;
  const rawE = (raw as { election?: Record<string, unknown> } | null)?.election;
  const rawTimeout = rawE?.['timeout'] as Record<string, unknown> | undefined;
  const before = problems.length;
  const group = groups.find((g) => g.name === input.group);
  if (group === undefined || group.kind === 'link') problems.push(`election.group: expected the name of a component group, got ${describeValue(input.group)}`);
  if (!(input.timeout.min <= input.timeout.max)) {
    problems.push(`election.timeout.max: expected at least timeout.min (${describeValue(rawTimeout?.['min'])}), got ${describeValue(rawTimeout?.['max'])}`);
  } else if (group !== undefined && group.count >= 2 && !(input.voteDelay < input.timeout.max - input.timeout.min)) {
    problems.push(`election.voteDelay: expected less than timeout.max − timeout.min (else every round of two or more voters splits), got ${describeValue(rawE?.['voteDelay'])}`);
  }
  if (problems.length > before) return undefined;
  return { group: input.group, policy: input.policy, timeout: { min: input.timeout.min, max: input.timeout.max }, detection: input.detection, voteDelay: input.voteDelay };
}

/**
 * Whether the election sees partitions (docs/fault-modes.md, "Leader election", "Partitions"):
 * the scenario has some and the election's group is a node group of its network. Otherwise every
 * member reaches every other, and the election runs exactly as it did before partitions existed.
 */
export function electionSeesPartitions(scenario: { readonly election?: ElectionSpec; readonly partitions?: readonly unknown[]; readonly network: { readonly nodeGroups: readonly string[] } | null }): boolean {
  const e = scenario.election;
  return e !== undefined && scenario.partitions !== undefined && scenario.network !== null && scenario.network.nodeGroups.includes(e.group);
}

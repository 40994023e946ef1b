/** The `shocks` of a scenario file resolved: each shock's members as components, checked against the groups. */
import { describeValue } from '../errors.js';
import { LIMITS } from './limits.js';
import type { ShockInput } from './schema.js';
import type { ScenarioDistribution } from './validateScenario.js';

/** A common-cause shock process (docs/scenarios.md, "Common-cause failures"). */
export interface ShockSpec {
  readonly name: string;
  /** Time between shocks: a renewal process from time 0. */
  readonly every: ScenarioDistribution;
  /** The members as the file writes them ("group/index" or a group name), in order. */
  readonly members: readonly string[];
  /** The components hit, in the order of `members`, a group member expanded to its components in index order. */
  readonly components: readonly { readonly group: string; readonly index: number }[];
  /** Probability that a shock fails each member that is up, independently. */
  readonly probability: number;
  /** JSON path of the shock, for messages. */
  readonly path: string;
}

/** What `resolveShocks` needs of a group. */
interface GroupRef {
  readonly name: string;
  readonly count: number;
  readonly initial: 'up' | 'steady';
}

const COMPONENT = /^([A-Za-z][A-Za-z0-9_-]*)\/(\d+)$/;

/**
 * Resolves `shocks` against `groups` (the network's link group included), pushing each problem
 * as `shocks.<name>.members.<i>: expected …, got …`. The limits (LIMITS.shocks, LIMITS.shockHits)
 * are checked on the counts before any component list is built. A member must name an existing
 * component once per shock, and its group must start "up": "steady" draws each component's state
 * independently from its own stationary law, which a shock shared with others makes wrong.
 */
export function resolveShocks(
  input: Readonly<Record<string, ShockInput>> | undefined,
  groups: readonly GroupRef[],
  problems: string[],
): ShockSpec[] {
  const entries = Object.entries(input ?? {});
  if (entries.length > LIMITS.shocks) {
    problems.push(`shocks: expected at most ${LIMITS.shocks} shocks, got ${entries.length}`);
    return [];
  }
  const byName = new Map(groups.map((g) => [g.name, g]));
  let hits = 0;
  for (const [, s] of entries) for (const m of s.members) hits += byName.get(m)?.count ?? 1;
  if (hits > LIMITS.shockHits) {
    problems.push(`shocks: expected at most ${LIMITS.shockHits} components hit by all shocks together, got ${hits}`);
    return [];
  }
  return entries.map(([name, s]) => {
    const path = `shocks.${name}`;
    const components: { group: string; index: number }[] = [];
    const seen = new Set<string>();
    s.members.forEach((ref, i) => {
      const at = `${path}.members.${i}`;
      const whole = byName.get(ref);
      const match = COMPONENT.exec(ref);
      const group = whole ?? (match ? byName.get(match[1] as string) : undefined);
      const index = match ? Number(match[2]) : NaN;
      if (group === undefined || (whole === undefined && !(index < group.count))) {
        problems.push(`${at}: expected "group/index" naming an existing component, or a group name, got ${describeValue(ref)}`);
        return;
      }
      if (group.initial !== 'up') {
        problems.push(`${at}: expected a component of a group starting "up" (a shock correlates components that "steady" draws independently), got ${describeValue(ref)} (group ${group.name} starts "steady")`);
        return;
      }
      const indices = whole === undefined ? [index] : Array.from({ length: group.count }, (_, k) => k);
      for (const k of indices) {
        const label = `${group.name}/${k}`;
        if (seen.has(label)) {
          problems.push(`${at}: expected each component once per shock, got ${describeValue(ref)} (${label} is already a member)`);
          return;
        }
        seen.add(label);
        components.push({ group: group.name, index: k });
      }
    });
    return { name, every: stripUndefined(s.every), members: s.members, components, probability: s.probability ?? 1, path };
  });
}

function stripUndefined(spec: ShockInput['every']): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}

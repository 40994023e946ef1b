/** Validates a parsed scenario file and resolves it into a `Scenario`: units in hours, defaults filled, names cross-checked. */
import type { z } from 'zod';
import { FaultlineError, describeValue } from '../errors.js';
import { LIMITS, jsonPath, jsonSizeProblem, valueAt } from './limits.js';
import { resolveByzantine, resolvePartitions, type ByzantineSpec, type PartitionSpec } from './resolveFaults.js';
import { resolveShocks, type ShockSpec } from './resolveShocks.js';
import { resolveDetectors } from './resolveDetectors.js';
import { resolveElection, type ElectionSpec } from './resolveElection.js';
import type { DetectorSpec } from './detectorSpec.js';
import { resolveWorkload } from './resolveWorkload.js';
import { resolvePipeline } from './resolvePipeline.js';
import type { PipelineSpec } from './pipelineSpec.js';
import { resolveReflections, type ReflectionsSpec } from './resolveReflections.js';
import { resolveRecovery, type RecoverySpec } from './resolveRecovery.js';
import type { WorkloadSpec } from './workloadSpec.js';
import type { ClaimSpec } from './claimSpec.js';
import type { RiskSpec } from './riskSpec.js';
import { GATE_KEYS, claimsFileSchema, scenarioSchema, type ClaimInput, type DistributionInput, type ScenarioInput, type ServiceInput } from './schema.js';

/** A distribution as `fromSpec` takes it, every duration in hours. */
export type ScenarioDistribution = { readonly type: string } & Readonly<Record<string, number | string | readonly number[]>>;

export type { ElectionSpec };
export type { ByzantineSpec, DetectorSpec, PartitionSpec, PipelineSpec, RecoverySpec, ReflectionsSpec, ShockSpec, WorkloadSpec };

export type ComponentKind = 'coordinator' | 'executor' | 'link' | 'source' | 'component';

export interface GroupSpec {
  readonly name: string;
  readonly kind: ComponentKind;
  readonly count: number;
  readonly failure: ScenarioDistribution;
  /** `null`: crash-stop. */
  readonly repair: ScenarioDistribution | null;
  /** Name of a crew pool, or `null` for one repairer per component (independent repair). */
  readonly crew: string | null;
  readonly initial: 'up' | 'steady';
  /** Standby spares (docs/scenarios.md, "Standby spares"), or `null` for a group whose components are all active. */
  readonly standby: StandbySpec | null;
  /** JSON path of the group, for messages. */
  readonly path: string;
}

/** A group's standby spares, resolved: `count − spares` components are active at the start, the rest dormant. */
export interface StandbySpec {
  readonly spares: number;
  readonly mode: 'cold' | 'warm' | 'hot';
  /** Dormant failure rate over the active one: 0 cold, 1 hot, in (0, 1) warm (a dormant time to failure is an active draw divided by it). */
  readonly dormantFactor: number;
  /** Time from an active failure to the spare being up; `null`: instantaneous. */
  readonly switchover: ScenarioDistribution | null;
  /** Probability that a switch fails on demand (the spare goes down to repair, the next is tried). */
  readonly switchFailure: number;
}

/** A link group's endpoints: link i joins components `endpoints[i]` (indices into the node list). */
export interface NetworkSpec {
  /** The group (kind `link`) that holds the links, appended to `groups`. */
  readonly linkGroup: string;
  /** The groups whose components are the nodes, in order; node n is the n-th component of these. */
  readonly nodeGroups: readonly string[];
  readonly endpoints: readonly (readonly [number, number])[];
}

export type MemberRef = { readonly type: 'group' | 'service'; readonly name: string };

export type ServiceSpec =
  | { readonly name: string; readonly gate: 'kOfMembers'; readonly k: number; readonly members: readonly MemberRef[] }
  | { readonly name: string; readonly gate: 'kOfGroup'; readonly k: number; readonly group: string }
  | {
      readonly name: string;
      readonly gate: 'quorum';
      readonly coordinators: string;
      /** null: a coordinator-only majority (`executorsAtLeast` 0). */
      readonly executors: string | null;
      readonly executorsAtLeast: number;
    }
  | { readonly name: string; readonly gate: 'connected'; readonly groups: readonly string[] }
  /** PBFT over `group` (docs/fault-modes.md, "Byzantine faults"): up iff ≥ 2f + 1 up honest replicas and ≤ f up byzantine ones. */
  | { readonly name: string; readonly gate: 'bft'; readonly group: string; readonly f: number };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly horizon: number;
  readonly warmup: number;
  /** Times of the curves, hours, ascending, in [0, horizon]. */
  readonly grid: readonly number[];
  /** Query window lengths, hours. */
  readonly windows: readonly number[];
  /**
   * Repair crews: `count` repairers; `priority`, groups highest first (non-preemptive: a free
   * repairer takes the waiting component of the highest level, the earliest failed within it;
   * unlisted groups share the lowest level); empty: first come first served.
   */
  readonly crews: readonly { readonly name: string; readonly count: number; readonly priority: readonly string[] }[];
  /** Every group, the network's link group last. */
  readonly groups: readonly GroupSpec[];
  readonly network: NetworkSpec | null;
  /** In dependency order: every service after the services it uses. */
  readonly services: readonly ServiceSpec[];
  /**
   * Common-cause shock processes, in file order; absent when the file has none (so that a plain
   * scenario resolves, and hashes, exactly as before shocks existed).
   */
  readonly shocks?: readonly ShockSpec[];
  /** The groups' byzantine laws (docs/fault-modes.md, "Byzantine faults"); absent when no group has one (a plain scenario resolves, and hashes, as before). */
  readonly byzantine?: readonly ByzantineSpec[];
  /** Partition processes (docs/fault-modes.md, "Partitions and CAP"); absent when the file has none. */
  readonly partitions?: readonly PartitionSpec[];
  /**
   * Queries and the resilience policies between them and the services (`workloadSpec.ts`);
   * absent when the file has none (so that a scenario without one resolves, and hashes, exactly
   * as before workloads existed).
   */
  readonly workload?: WorkloadSpec;
  /** Failure detectors (`detectorSpec.ts`); absent when the file has none (a plain scenario resolves, and hashes, as before). */
  readonly detectors?: readonly DetectorSpec[];
  /** Leader election in a group (`resolveElection.ts`); absent when the file has none (a plain scenario resolves, and hashes, as before). */
  readonly election?: ElectionSpec;
  /** Claims of one's own (`claimSpec.ts`), judged by check; absent when the file has none. */
  readonly claims?: readonly ClaimSpec[];
  /** Seed 000's risk score's inputs (`riskSpec.ts`), reported by check; absent when the file has none. */
  readonly risk?: RiskSpec;
  /** A streaming pipeline and its message ledger (`pipelineSpec.ts`); absent when the file has none (a plain scenario resolves, and hashes, as before). */
  readonly pipeline?: PipelineSpec;
  /** Reflections refreshed on a schedule (`resolveReflections.ts`, docs/reflections-and-recovery.md, "Reflections"); absent when the file has none. */
  readonly reflections?: ReflectionsSpec;
  /** One recovery incident per replication (`resolveRecovery.ts`, docs/reflections-and-recovery.md, "Recovery times"); absent when the file has none. */
  readonly recovery?: RecoverySpec;
  /**
   * When a replication ends before the horizon: `null`, never; `{ firstFailure: null }`, once every
   * service has failed once; `{ firstFailure: name }`, at that service's first failure. Only
   * first-failure metrics are measured in such a run.
   */
  readonly stopAt: { readonly firstFailure: string | null } | null;
}

const DEFAULT_GRID_STEPS = 12;

/**
 * Checks a parsed scenario file (any JSON value) and returns the resolved scenario. The size
 * limits (LIMITS: depth, components, links, services, grid times, …) are checked before anything
 * is built, so a huge input is refused at once; nothing here recurses on the input's depth.
 * @throws FaultlineError INVALID_SCENARIO listing every problem found, one per line, each as
 *   `json.path: expected …, got <value>`.
 */
export function validateScenario(input: unknown, source = 'scenario'): Scenario {
  const tooBig = jsonSizeProblem(input);
  if (tooBig !== undefined) scenarioError(source, [tooBig]);
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) scenarioError(source, parsed.error.issues.flatMap((issue) => formatIssue(issue, input)));
  const over = limitProblems(parsed.data, input);
  if (over.length > 0) scenarioError(source, over);
  const problems: string[] = [];
  const scenario = resolve(parsed.data, input, problems);
  if (problems.length > 0) scenarioError(source, problems);
  return scenario;
}

/** A claim as parsed, without its absent fields. */
function claimOf(c: ClaimInput): ClaimSpec {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as ClaimSpec;
}

/**
 * The claims of a `--claims` file: an array of claims, or `{ "claims": [...] }`.
 * @throws FaultlineError INVALID_SCENARIO naming `source` and the JSON path of each problem.
 */
export function validateClaims(input: unknown, source = 'claims'): ClaimSpec[] {
  const tooBig = jsonSizeProblem(input);
  if (tooBig !== undefined) scenarioError(source, [tooBig]);
  // The alternative the file's shape asks for, so that a problem is reported inside it.
  const schema = Array.isArray(input) ? claimsFileSchema.options[0] : input !== null && typeof input === 'object' && 'claims' in input ? claimsFileSchema.options[1] : claimsFileSchema;
  const parsed = schema.safeParse(input);
  if (!parsed.success) scenarioError(source, parsed.error.issues.flatMap((issue) => formatIssue(issue, input)));
  return (Array.isArray(parsed.data) ? parsed.data : parsed.data.claims).map(claimOf);
}

/** Problems shown in one error; the rest are counted. */
const SHOWN_PROBLEMS = 20;

/**
 * Throws INVALID_SCENARIO for `source` with its problems, one per line (the first 20, then how
 * many more), and the full list as `problems`.
 */
export function scenarioError(source: string, problems: readonly string[]): never {
  const unique = [...new Set(problems)];
  const shown = unique.length > SHOWN_PROBLEMS ? [...unique.slice(0, SHOWN_PROBLEMS), `… and ${unique.length - SHOWN_PROBLEMS} more`] : unique;
  const error = new FaultlineError('INVALID_SCENARIO', `${source}: ${unique.length === 1 ? unique[0] : `${unique.length} problems:\n  ${shown.join('\n  ')}`}`);
  throw Object.assign(error, { problems: unique });
}

/** The documented size limits (LIMITS), checked on the parsed file before anything is built from it. */
function limitProblems(data: ScenarioInput, raw: unknown): string[] {
  const problems: string[] = [];
  const over = (path: string, limit: number, what: string, got: unknown): void => {
    problems.push(`${path}: expected at most ${limit} ${what}, got ${typeof got === 'number' ? got : describeValue(got)}`);
  };
  if (data.horizon > LIMITS.horizonHours) over('horizon', LIMITS.horizonHours, 'hours', valueAt(raw, ['horizon']));
  const groups = Object.entries(data.groups);
  if (groups.length > LIMITS.groups) over('groups', LIMITS.groups, 'groups', groups.length);
  let components = 0;
  for (const [name, g] of groups) {
    const count = g.count ?? 1;
    if (count > LIMITS.components) over(`groups.${name}.count`, LIMITS.components, 'components', count);
    components += count;
  }
  let links = 0;
  if (data.network?.fullMesh !== undefined) {
    const nodes = data.network.fullMesh.reduce((n, g) => n + (Object.hasOwn(data.groups, g) ? (data.groups[g]?.count ?? 1) : 0), 0);
    links = (nodes * (nodes - 1)) / 2;
    if (links > LIMITS.links) over('network.fullMesh', LIMITS.links, 'links', links);
  } else if (data.network?.edges !== undefined) {
    links = data.network.edges.length;
    if (links > LIMITS.links) over('network.edges', LIMITS.links, 'links', links);
  }
  if (problems.length === 0 && components + links > LIMITS.components) over('groups', LIMITS.components, 'components in all, links included', components + links);
  const crews = Object.entries(data.crews ?? {});
  if (crews.length > LIMITS.crews) over('crews', LIMITS.crews, 'crews', crews.length);
  for (const [name, crew] of crews) {
    const count = typeof crew === 'number' ? crew : crew.repairers;
    if (count > LIMITS.repairers) over(typeof crew === 'number' ? `crews.${name}` : `crews.${name}.repairers`, LIMITS.repairers, 'repairers', count);
  }
  const services = Object.entries(data.services);
  if (services.length > LIMITS.services) over('services', LIMITS.services, 'services', services.length);
  let members = 0;
  for (const [name, s] of services) {
    const [key, list] = 'all' in s ? ['all', s.all] : 'any' in s ? ['any', s.any] : 'connected' in s ? ['connected', s.connected] : 'of' in s && Array.isArray(s.of) ? ['of', s.of] : ['', []];
    if (list.length > LIMITS.members) over(`services.${name}.${key}`, LIMITS.members, 'members', list.length);
    members += list.length;
  }
  if (members > LIMITS.allMembers) over('services', LIMITS.allMembers, 'members in all services together', members);
  let gridTimes = DEFAULT_GRID_STEPS + 1;
  if (data.grid !== undefined && 'times' in data.grid) {
    gridTimes = data.grid.times.length;
    if (gridTimes > LIMITS.gridTimes) over('grid.times', LIMITS.gridTimes, 'grid times', gridTimes);
  } else if (data.grid !== undefined) {
    gridTimes = Math.floor(data.horizon / data.grid.step + 1e-9) + 1;
    if (gridTimes > LIMITS.gridTimes) over('grid.step', LIMITS.gridTimes, `grid times (here ${gridTimes})`, valueAt(raw, ['grid', 'step']));
  }
  const windows = data.windows?.length ?? 0;
  if (windows > LIMITS.windows) over('windows', LIMITS.windows, 'windows', windows);
  if (services.length * gridTimes > LIMITS.curvePoints) over('services', LIMITS.curvePoints, 'curve points (services × grid times)', services.length * gridTimes);
  if (services.length * windows > LIMITS.windowMetrics) over('services', LIMITS.windowMetrics, 'window metrics (services × windows)', services.length * windows);
  return problems;
}

const QUORUM_FIELDS = ['coordinators', 'executors', 'executorsAtLeast'] as const;

/** Why a service's extra keys are there: two gate kinds in one service, or a quorum's fields written beside it. */
function misplacedInService(service: unknown, keys: readonly string[]): string | null {
  if (service === null || typeof service !== 'object') return null;
  const kinds = GATE_KEYS.filter((k) => k in service);
  if (kinds.length > 1) return `expected exactly one of ${GATE_KEYS.join(', ')}, got ${kinds.join(' and ')}`;
  const misplaced = kinds[0] === 'quorum' ? QUORUM_FIELDS.filter((k) => keys.includes(k)) : [];
  if (misplaced.length > 0) return `${misplaced.join(', ')} ${misplaced.length === 1 ? 'belongs' : 'belong'} inside quorum (quorum.${misplaced[0]}), not beside it`;
  return null;
}

function pathText(path: readonly PropertyKey[]): string {
  return jsonPath(path);
}

function formatIssue(issue: z.core.$ZodIssue, root: unknown, prefix: readonly PropertyKey[] = []): string[] {
  const path = [...prefix, ...issue.path];
  const got = (p: readonly PropertyKey[]) => `, got ${describeValue(valueAt(root, p))}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const gate = path.length === 2 && path[0] === 'services' ? misplacedInService(valueAt(root, path), issue.keys) : null;
      if (gate !== null) return [`${pathText(path)}: ${gate}`];
      return issue.keys.map((key) => `${pathText([...path, key])}: unknown field${got([...path, key])}`);
    }
    case 'invalid_union': {
      const value = valueAt(root, path);
      if (issue.message.startsWith('expected')) {
        // A discriminated union reports its bad discriminator at the discriminator's own path.
        return [`${pathText(path)}: ${issue.message}${got(path)}`];
      }
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      if (isObject && issue.errors.length === GATE_KEYS.length && !GATE_KEYS.some((k) => k in value)) {
        return [`${pathText(path)}: expected an object with one of ${GATE_KEYS.join(', ')}${got(path)}`];
      }
      // Report the alternative that came closest: the fewest problems.
      const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      return best.flatMap((inner) => formatIssue(inner, root, path));
    }
    case 'invalid_key': {
      // A record's key (a group, service or crew name) is the offending value itself.
      const inner = issue.issues[0]?.message ?? 'a valid name';
      const key = path[path.length - 1];
      return [`${pathText(path)}: ${inner.startsWith('expected') ? inner : `expected ${inner}`}, got ${describeValue(key)}`];
    }
    case 'invalid_type': {
      const value = valueAt(root, path);
      const expected = value === undefined ? `a value (${issue.expected})` : issue.expected;
      return [`${pathText(path)}: expected ${expected}${got(path)}`];
    }
    case 'invalid_value':
      return [`${pathText(path)}: expected one of ${issue.values.map((v) => describeValue(v)).join(', ')}${got(path)}`];
    case 'too_small':
      return [`${pathText(path)}: ${issue.message.startsWith('expected') ? issue.message : `expected at least ${String(issue.minimum)}`}${got(path)}`];
    default: {
      const message = issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
      return [`${pathText(path)}: ${message}${got(path)}`];
    }
  }
}

function stripUndefined(spec: DistributionInput): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}

type FailureModelInput = NonNullable<ScenarioInput['network']>['link'];

function resolveFailureModel(
  model: FailureModelInput,
  path: string,
  crews: ReadonlySet<string>,
  problems: string[],
): Pick<GroupSpec, 'failure' | 'repair' | 'crew' | 'initial' | 'standby'> | undefined {
  const hasRates = model.failure !== undefined || model.repair !== undefined;
  const hasAvailability = model.availability !== undefined || model.mttr !== undefined;
  let failure: ScenarioDistribution;
  let repair: ScenarioDistribution | null;
  if (hasRates && hasAvailability) {
    problems.push(`${path}: expected either failure/repair or availability/mttr, not both, got ${describeValue(Object.keys(model))}`);
    return undefined;
  } else if (hasAvailability) {
    if (model.availability === undefined || model.mttr === undefined) {
      problems.push(`${path}.${model.availability === undefined ? 'availability' : 'mttr'}: expected a value (availability goes with mttr), got undefined`);
      return undefined;
    }
    const a = model.availability;
    failure = { type: 'exponential', mean: (model.mttr * a) / (1 - a) };
    repair = { type: 'exponential', mean: model.mttr };
  } else if (model.failure !== undefined) {
    failure = stripUndefined(model.failure);
    repair = model.repair ? stripUndefined(model.repair) : null;
  } else {
    problems.push(`${path}.failure: expected a value (a distribution, or availability with mttr), got undefined`);
    return undefined;
  }
  const crew = model.crew ?? null;
  if (crew !== null && !crews.has(crew)) {
    problems.push(`${path}.crew: expected one of the crews (${[...crews].map((c) => describeValue(c)).join(', ') || 'none declared'}), got ${describeValue(crew)}`);
  }
  if (crew !== null && repair === null) problems.push(`${path}.crew: expected no crew for a crash-stop component (no repair), got ${describeValue(crew)}`);
  const initial = model.initial ?? 'up';
  if (initial === 'steady' && (failure.type !== 'exponential' || repair?.type !== 'exponential' || crew !== null)) {
    problems.push(
      `${path}.initial: expected "up": "steady" is exact only for exponential failure and repair with independent repair (no crew), got "steady"`,
    );
  }
  return { failure, repair, crew, initial, standby: null };
}

type StandbyInput = NonNullable<ScenarioInput['groups'][string]['standby']>;

/** A group's standby spares, checked against its count and initial state. */
function resolveStandby(input: StandbyInput, count: number, initial: GroupSpec['initial'], path: string, problems: string[]): StandbySpec | null {
  const at = `${path}.standby`;
  const before = problems.length;
  if (count < 2) problems.push(`${path}.count: expected at least 2 for a group with standby spares, got ${count}`);
  else if (input.spares > count - 1) problems.push(`${at}.spares: expected an integer in 1..${count - 1} (fewer than count ${count}), got ${input.spares}`);
  if (input.mode === 'warm' && input.dormantFactor === undefined) problems.push(`${at}.dormantFactor: expected a number in (0, 1) for warm spares, got undefined`);
  if (input.mode !== 'warm' && input.dormantFactor !== undefined) {
    problems.push(`${at}.dormantFactor: expected no dormantFactor for ${input.mode} spares (cold: 0, hot: 1), got ${describeValue(input.dormantFactor)}`);
  }
  if (initial === 'steady') problems.push(`${path}.initial: expected "up" for a group with standby spares (a stationary start of spares is not implemented), got "steady"`);
  if (problems.length > before) return null;
  const dormantFactor = input.mode === 'cold' ? 0 : input.mode === 'hot' ? 1 : (input.dormantFactor as number);
  const s = input.switchover;
  const switchover =
    s === undefined || s === 0 ? null : typeof s === 'number' ? { type: 'deterministic', value: s } : s.type === 'deterministic' && s.value === 0 ? null : stripUndefined(s);
  return { spares: input.spares, mode: input.mode, dormantFactor, switchover, switchFailure: input.switchFailure ?? 0 };
}

function resolve(data: ScenarioInput, raw: unknown, problems: string[]): Scenario {
  const horizon = data.horizon;
  const warmup = data.warmup ?? 0;
  if (!(warmup < horizon)) problems.push(`warmup: expected less than the horizon (${horizon} h), got ${describeValue(valueAt(raw, ['warmup']))}`);
  const grid = resolveGrid(data, raw, horizon, problems);
  const windows = data.windows ?? [];
  windows.forEach((w, i) => {
    if (!(w <= horizon - warmup)) problems.push(`windows.${i}: expected at most horizon − warmup (${horizon - warmup} h), got ${describeValue(valueAt(raw, ['windows', i]))}`);
  });
  const crewEntries = Object.entries(data.crews ?? {}).map(([name, crew]) =>
    typeof crew === 'number' ? { name, count: crew, priority: [] as string[] } : { name, count: crew.repairers, priority: crew.priority ?? [] },
  );
  const crewNames = new Set(crewEntries.map((c) => c.name));

  const groups: GroupSpec[] = [];
  for (const [name, g] of Object.entries(data.groups)) {
    const path = `groups.${name}`;
    const model = resolveFailureModel(g, path, crewNames, problems);
    const count = g.count ?? 1;
    const standby = g.standby === undefined || model === undefined ? null : resolveStandby(g.standby, count, model.initial, path, problems);
    if (model !== undefined) groups.push({ name, kind: g.kind ?? 'component', count, ...model, standby, path });
  }
  const network = data.network ? resolveNetwork(data.network, groups, crewNames, problems) : null;
  for (const g of network?.nodeGroups ?? []) {
    if (groups.find((x) => x.name === g)?.standby != null) {
      problems.push(`network.${data.network?.fullMesh !== undefined ? 'fullMesh' : 'edges'}: expected groups without standby spares on the network, got ${describeValue(g)}`);
    }
  }
  if (network !== null && data.network) {
    const model = resolveFailureModel(data.network.link, 'network.link', crewNames, problems);
    if (model !== undefined) {
      groups.push({ name: network.linkGroup, kind: 'link', count: network.endpoints.length, ...model, path: 'network.link' });
    }
  }
  for (const crew of crewEntries) {
    crew.priority.forEach((g, i) => {
      const at = `crews.${crew.name}.priority.${i}`;
      const group = groups.find((x) => x.name === g);
      if (group === undefined) problems.push(`${at}: expected the name of a group, got ${describeValue(g)}`);
      else if (group.crew !== crew.name) problems.push(`${at}: expected a group repaired by crew ${describeValue(crew.name)}, got ${describeValue(g)} (its crew: ${describeValue(group.crew)})`);
      else if (crew.priority.indexOf(g) !== i) problems.push(`${at}: expected each group once, got ${describeValue(g)} again`);
    });
  }
  const services = resolveServices(data.services, groups, network, problems);
  const shocks = resolveShocks(data.shocks, groups, problems);
  const byzantine = resolveByzantine(
    Object.entries(data.groups).map(([name, g]) => [name, g.byzantine, g.count ?? 1] as const),
    problems,
  );
  const partitions = resolvePartitions(data.partitions, groups, network, problems);
  const workload = data.workload === undefined ? undefined : resolveWorkload(data.workload, raw, { horizon, warmup, groups, services }, problems);
  const detectors = resolveDetectors(data.detectors, raw, groups, problems);
  const election = resolveElection(data.election, raw, groups, problems);
  // With partitions the election keeps each side's members as a bit mask (docs/fault-modes.md, "Leader election").
  const electionCount = groups.find((g) => g.name === election?.group)?.count ?? 0;
  if (election !== undefined && partitions.length > 0 && network?.nodeGroups.includes(election.group) === true && electionCount > 30) {
    problems.push(`election.group: expected a group of at most 30 members when partitions can split it, got ${describeValue(election.group)} of ${electionCount}`);
  }
  const claims = (data.claims ?? []).map((c, i) => {
    if (c.scenario !== undefined) problems.push(`claims.${i}.scenario: expected no scenario in a scenario's own claims (it is this one), got ${describeValue(c.scenario)}`);
    return claimOf(c);
  });
  const pipeline = data.pipeline === undefined ? undefined : resolvePipeline(data.pipeline, groups, problems);
  const reflections = data.reflections === undefined ? undefined : resolveReflections(data.reflections, { horizon, warmup }, problems);
  const recovery = data.recovery === undefined ? undefined : resolveRecovery(data.recovery, problems);
  const stopAt = data.stopAt === undefined ? null : { firstFailure: data.stopAt === 'firstFailure' ? null : data.stopAt.firstFailure };
  if (stopAt?.firstFailure != null && !services.some((s) => s.name === stopAt.firstFailure)) {
    problems.push(`stopAt.firstFailure: expected the name of a service, got ${describeValue(stopAt.firstFailure)}`);
  }
  return {
    name: data.name,
    description: data.description,
    horizon,
    warmup,
    grid,
    windows,
    crews: crewEntries,
    groups,
    network,
    services,
    ...(shocks.length > 0 ? { shocks } : {}),
    ...(byzantine.length > 0 ? { byzantine } : {}),
    ...(partitions.length > 0 ? { partitions } : {}),
    ...(workload !== undefined ? { workload } : {}),
    ...(detectors.length > 0 ? { detectors } : {}),
    ...(election !== undefined ? { election } : {}),
    ...(claims.length > 0 ? { claims } : {}),
    ...(data.risk !== undefined ? { risk: Object.fromEntries(Object.entries(data.risk).filter(([, v]) => v !== undefined)) as RiskSpec } : {}),
    ...(pipeline !== undefined ? { pipeline } : {}),
    ...(reflections !== undefined ? { reflections } : {}),
    ...(recovery !== undefined ? { recovery } : {}),
    stopAt,
  };
}

function resolveGrid(data: ScenarioInput, raw: unknown, horizon: number, problems: string[]): number[] {
  if (data.grid === undefined) return Array.from({ length: DEFAULT_GRID_STEPS + 1 }, (_, i) => (horizon * i) / DEFAULT_GRID_STEPS);
  if ('step' in data.grid) {
    const step = data.grid.step;
    // At most LIMITS.gridTimes: limitProblems has checked.
    return Array.from({ length: Math.floor(horizon / step + 1e-9) + 1 }, (_, i) => i * step);
  }
  const times = data.grid.times;
  times.forEach((t, i) => {
    if (t > horizon) problems.push(`grid.times.${i}: expected at most the horizon (${horizon} h), got ${describeValue(valueAt(raw, ['grid', 'times', i]))}`);
    if (i > 0 && !(t > (times[i - 1] as number))) problems.push(`grid.times.${i}: expected times in increasing order, got ${describeValue(valueAt(raw, ['grid', 'times', i]))}`);
  });
  return times;
}

function resolveNetwork(
  network: NonNullable<ScenarioInput['network']>,
  groups: readonly GroupSpec[],
  crews: ReadonlySet<string>,
  problems: string[],
): NetworkSpec | null {
  void crews;
  const linkGroup = network.name ?? 'links';
  if (groups.some((g) => g.name === linkGroup)) {
    problems.push(`network.name: expected a name not used by a group, got ${describeValue(linkGroup)}`);
    return null;
  }
  const byName = new Map(groups.map((g) => [g.name, g]));
  const endpoints: [number, number][] = [];
  if (network.fullMesh !== undefined) {
    const nodeGroups = network.fullMesh;
    const bad = nodeGroups.findIndex((g) => !byName.has(g));
    if (bad >= 0) {
      problems.push(`network.fullMesh.${bad}: expected a group name, got ${describeValue(nodeGroups[bad])}`);
      return null;
    }
    if (new Set(nodeGroups).size !== nodeGroups.length) {
      problems.push(`network.fullMesh: expected distinct group names, got ${describeValue(nodeGroups)}`);
      return null;
    }
    const nodes = nodeGroups.reduce((sum, g) => sum + (byName.get(g) as GroupSpec).count, 0);
    for (let a = 0; a < nodes; a++) for (let b = a + 1; b < nodes; b++) endpoints.push([a, b]);
    return { linkGroup, nodeGroups, endpoints };
  }
  // Explicit edges: the nodes are the groups the edges name, in order of first mention.
  const nodeGroups: string[] = [];
  const refs = (network.edges ?? []).map((edge, i) =>
    edge.map((ref, side) => {
      const match = /^([A-Za-z][A-Za-z0-9_-]*)\/(\d+)$/.exec(ref);
      const group = match ? byName.get(match[1] as string) : undefined;
      const index = match ? Number(match[2]) : NaN;
      if (!group || !(index < group.count)) {
        problems.push(`network.edges.${i}.${side}: expected "group/index" naming an existing component, got ${describeValue(ref)}`);
        return undefined;
      }
      if (!nodeGroups.includes(group.name)) nodeGroups.push(group.name);
      return { group: group.name, index };
    }),
  );
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const g of nodeGroups) {
    offsets.set(g, offset);
    offset += (byName.get(g) as GroupSpec).count;
  }
  for (const [a, b] of refs) {
    if (a && b) endpoints.push([(offsets.get(a.group) as number) + a.index, (offsets.get(b.group) as number) + b.index]);
  }
  return { linkGroup, nodeGroups, endpoints };
}

function resolveServices(
  input: Record<string, ServiceInput>,
  groups: readonly GroupSpec[],
  network: NetworkSpec | null,
  problems: string[],
): ServiceSpec[] {
  const groupByName = new Map(groups.map((g) => [g.name, g]));
  const serviceNames = new Set(Object.keys(input));
  for (const name of serviceNames) {
    if (groupByName.has(name)) problems.push(`services.${name}: expected a name not used by a group, got ${describeValue(name)}`);
  }
  // A standby group's spares are never up, so it is counted only as `atLeast k of` it, k ≤ its active components.
  const standbyOnly = (path: string, g: GroupSpec) =>
    problems.push(`${path}: expected a group without standby spares (count the up components of ${g.name} with {"atLeast": k, "of": ${JSON.stringify(g.name)}}, k ≤ ${g.count - (g.standby?.spares ?? 0)}), got ${describeValue(g.name)}`);
  const member = (path: string, name: string): MemberRef | undefined => {
    const g = groupByName.get(name);
    if (g?.standby != null) standbyOnly(path, g);
    if (g !== undefined) return { type: 'group', name };
    if (serviceNames.has(name)) return { type: 'service', name };
    problems.push(`${path}: expected the name of a group or a service, got ${describeValue(name)}`);
    return undefined;
  };
  const group = (path: string, name: string, kind?: ComponentKind): GroupSpec | undefined => {
    const g = groupByName.get(name);
    if (g === undefined) problems.push(`${path}: expected the name of a group, got ${describeValue(name)}`);
    else if (kind !== undefined && g.kind !== kind && g.kind !== 'component') {
      problems.push(`${path}: expected a group of kind "${kind}", got ${describeValue(name)} (kind "${g.kind}")`);
    }
    return g;
  };
  const resolved = new Map<string, ServiceSpec>();
  const uses = new Map<string, string[]>();
  for (const [name, s] of Object.entries(input)) {
    const path = `services.${name}`;
    const refsOf = (list: readonly string[], key: string) =>
      list.map((m, i) => member(`${path}.${key}.${i}`, m)).filter((m): m is MemberRef => m !== undefined);
    let spec: ServiceSpec | undefined;
    if ('all' in s) {
      const members = refsOf(s.all, 'all');
      spec = { name, gate: 'kOfMembers', k: members.length, members };
    } else if ('any' in s) {
      spec = { name, gate: 'kOfMembers', k: 1, members: refsOf(s.any, 'any') };
    } else if ('atLeast' in s) {
      const n = typeof s.of === 'string' ? (group(`${path}.of`, s.of)?.count ?? 0) : s.of.length;
      const k = s.atLeast === 'majority' ? Math.floor(n / 2) + 1 : s.atLeast;
      if (n > 0 && k > n) problems.push(`${path}.atLeast: expected at most ${n} (the number it counts), got ${describeValue(s.atLeast)}`);
      const counted = typeof s.of === 'string' ? groupByName.get(s.of) : undefined;
      if (counted?.standby != null && k <= n && k > counted.count - counted.standby.spares) {
        problems.push(`${path}.atLeast: expected at most ${counted.count - counted.standby.spares} (the active components of ${counted.name}: its spares are never up together with them), got ${describeValue(s.atLeast)}`);
      }
      spec = typeof s.of === 'string' ? { name, gate: 'kOfGroup', k, group: s.of } : { name, gate: 'kOfMembers', k, members: refsOf(s.of, 'of') };
    } else if ('quorum' in s) {
      const q = s.quorum;
      const coordinators = group(`${path}.quorum.coordinators`, q.coordinators, 'coordinator');
      const executors = q.executors === undefined ? undefined : group(`${path}.quorum.executors`, q.executors, 'executor');
      if (coordinators?.standby != null) standbyOnly(`${path}.quorum.coordinators`, coordinators);
      if (executors?.standby != null) standbyOnly(`${path}.quorum.executors`, executors);
      const executorsAtLeast = q.executorsAtLeast ?? 0;
      if (executors && executorsAtLeast > executors.count) {
        problems.push(`${path}.quorum.executorsAtLeast: expected at most ${executors.count}, got ${executorsAtLeast}`);
      }
      if (network !== null) {
        const keyed = [['coordinators', q.coordinators], ...(q.executors === undefined ? [] : [['executors', q.executors]])] as const;
        for (const [key, g] of keyed) {
          if (groupByName.has(g) && !network.nodeGroups.includes(g)) {
            problems.push(`${path}.quorum.${key}: expected a group on the network (${network.nodeGroups.join(', ')}), got ${describeValue(g)}`);
          }
        }
      }
      spec = { name, gate: 'quorum', coordinators: q.coordinators, executors: q.executors ?? null, executorsAtLeast };
    } else if ('bft' in s) {
      const g = group(`${path}.bft.of`, s.bft.of);
      if (g?.standby != null) standbyOnly(`${path}.bft.of`, g);
      const n = g?.count ?? 0;
      const f = s.bft.f ?? Math.floor((n - 1) / 3);
      if (g !== undefined && 3 * f + 1 > n) {
        problems.push(`${path}.bft.${s.bft.f === undefined ? 'of' : 'f'}: expected n ≥ 3f + 1 replicas (PBFT; ${g.name} has ${n}), got ${describeValue(s.bft.f ?? s.bft.of)}${s.bft.f === undefined ? '' : ` (3f + 1 = ${3 * f + 1})`}`);
      }
      spec = { name, gate: 'bft', group: s.bft.of, f };
    } else {
      s.connected.forEach((g, i) => {
        group(`${path}.connected.${i}`, g);
        if (network === null) problems.push(`${path}.connected: expected a scenario with a network, got ${describeValue(s.connected)}`);
        else if (groupByName.has(g) && !network.nodeGroups.includes(g)) {
          problems.push(`${path}.connected.${i}: expected a group on the network (${network.nodeGroups.join(', ')}), got ${describeValue(g)}`);
        }
      });
      spec = { name, gate: 'connected', groups: s.connected };
    }
    resolved.set(name, spec);
    uses.set(name, spec.gate === 'kOfMembers' ? spec.members.filter((m) => m.type === 'service').map((m) => m.name) : []);
  }
  return topologicalOrder(resolved, uses, problems);
}

/**
 * Services ordered so that each comes after the services it uses (depth first, in the order they
 * are written); a cycle is an error. An explicit stack, not recursion, so a long chain of
 * services cannot overflow the call stack.
 */
function topologicalOrder(services: Map<string, ServiceSpec>, uses: Map<string, string[]>, problems: string[]): ServiceSpec[] {
  const order: ServiceSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of services.keys()) {
    if (state.has(start)) continue;
    state.set(start, 'visiting');
    const path: { name: string; next: number }[] = [{ name: start, next: 0 }];
    while (path.length > 0) {
      const top = path[path.length - 1] as (typeof path)[number];
      const used = uses.get(top.name) ?? [];
      if (top.next < used.length) {
        const name = used[top.next++] as string;
        const seen = state.get(name);
        if (seen === 'visiting') {
          const trail = path.map((f) => f.name);
          problems.push(`services.${name}: expected no cycle of services, got ${describeValue([...trail.slice(trail.indexOf(name)), name].join(' → '))}`);
        } else if (seen === undefined) {
          state.set(name, 'visiting');
          path.push({ name, next: 0 });
        }
      } else {
        state.set(top.name, 'done');
        order.push(services.get(top.name) as ServiceSpec);
        path.pop();
      }
    }
  }
  return order;
}

/** partial.json, the exact result of a shard: written with a digest over its canonical content, and read back only when it verifies. */
import { createHash } from 'node:crypto';
import { FaultlineError, describeValue } from '../errors.js';
import { readJsonFile } from '../io/readJsonFile.js';
import { toScenarioFile } from '../io/toScenarioFile.js';
import { validateForSimulation } from '../sim/checkScenario.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { shardRange, type Shard } from './runMonteCarlo.js';
import { ScenarioAccumulator } from './ScenarioAccumulator.js';

/** The partial.json format this version writes and reads (results/README.md, "partial.json"). */
export const PARTIAL_FORMAT = 2;

/** SHA-256 of a resolved scenario: the `scenario_hash` of manifests and partials. */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
}

/** What a shard records about its run, besides the accumulator. */
export interface PartialRun {
  /** The faultline version that wrote it; every part of a merge must have the same. */
  readonly version: string;
  readonly seed: number;
  readonly replications: number;
  readonly chunkSize: number;
  readonly confidence: number;
  readonly shard: Shard;
  /** The chunks it merged: [firstChunk, endChunk). */
  readonly firstChunk: number;
  readonly endChunk: number;
}

/** A partial.json that has been read and verified. */
export interface Partial extends PartialRun {
  readonly path: string;
  readonly scenario: Scenario;
  readonly scenarioHash: string;
  readonly accumulator: ScenarioAccumulator;
  readonly digest: string;
}

/**
 * JSON with every object's keys sorted: the canonical text the digest is taken over, so that a
 * file re-indented or with its keys reordered still verifies, and any change of a value does not.
 * The value is a checked partial (depth bounded), so recursing on it is safe.
 */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function digestOf(fields: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(fields)).digest('hex')}`;
}

/**
 * The text of a shard's partial.json: its run, the scenario as a scenario file with its hash,
 * the exact accumulator, and a digest over all of it, which binds the seed, the replication
 * range and the chunk size to the numbers.
 */
export function partialText(scenario: Scenario, run: PartialRun, accumulator: ScenarioAccumulator): string {
  const fields = {
    kind: 'faultline-partial',
    format: PARTIAL_FORMAT,
    ...run,
    shard: { index: run.shard.index, count: run.shard.count },
    scenario: toScenarioFile(scenario),
    scenarioHash: scenarioHash(scenario),
    accumulator: accumulator.toJSON(),
  };
  return `${JSON.stringify({ ...fields, digest: digestOf(fields) })}\n`;
}

// A partial's nesting and size: a scenario file's, one level deeper, and the accumulator's arrays.
const PARTIAL_LIMITS = { depth: 40, values: 20_000_000 } as const;

type Check = (value: unknown) => string | undefined;
const integer = (min: number): Check => (v) => (Number.isSafeInteger(v) && (v as number) >= min ? undefined : `an integer >= ${min}`);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each top-level field of a partial.json and what it must hold; the scenario and the accumulator are checked as such below. */
const FIELDS: Readonly<Record<string, Check>> = {
  kind: (v) => (v === 'faultline-partial' ? undefined : '"faultline-partial"'),
  format: (v) => (v === PARTIAL_FORMAT ? undefined : `${PARTIAL_FORMAT} (the partial.json format of this faultline; re-run the shard with it)`),
  version: (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'a version string'),
  seed: integer(0),
  replications: integer(1),
  chunkSize: integer(1),
  confidence: (v) => (typeof v === 'number' && v > 0 && v < 1 ? undefined : 'a number in (0, 1)'),
  shard: (v) =>
    isObject(v) && Object.keys(v).length === 2 && integer(1)(v['count']) === undefined && integer(0)(v['index']) === undefined && (v['index'] as number) < (v['count'] as number)
      ? undefined
      : '{"index": i, "count": N} with 0 <= i < N',
  firstChunk: integer(0),
  endChunk: integer(0),
  scenario: (v) => (isObject(v) ? undefined : 'a scenario (an object)'),
  scenarioHash: (v) => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? undefined : 'a SHA-256 in hex'),
  accumulator: (v) => (isObject(v) ? undefined : 'an accumulator (an object)'),
  digest: (v) => (typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v) ? undefined : '"sha256:" and a SHA-256 in hex'),
};

function refuse(path: string, message: string): never {
  throw new FaultlineError('INVALID_PARTIAL', `${path}: ${message}`);
}

/**
 * Reads and verifies a partial.json: its fields (each problem named by its path, as for a
 * scenario file), its embedded scenario (validated as a scenario file) and its accumulator (the
 * shape of this scenario's, with exact sums); then its digest (any change to the content after
 * the shard wrote it), the scenario's hash, recomputed, and the chunk range of its shard.
 * @throws FaultlineError IO when it cannot be read; INVALID_PARTIAL (or INVALID_SCENARIO for its
 *   scenario) naming the file and the reason.
 */
export function readPartial(path: string): Partial {
  const data = readJsonFile(path, 'INVALID_PARTIAL', PARTIAL_LIMITS);
  if (!isObject(data)) refuse(path, `(root): expected a faultline partial result (an object), got ${describeValue(data)}`);
  if (data['kind'] !== 'faultline-partial') refuse(path, `kind: expected "faultline-partial", got ${describeValue(data['kind'])}`);
  for (const [key, check] of Object.entries(FIELDS)) {
    // A partial of the first format has no `format`: say which one is expected.
    const expected = Object.hasOwn(data, key) || key === 'format' ? check(data[key]) : 'a value';
    if (expected !== undefined) refuse(path, `${key}: expected ${expected}, got ${describeValue(data[key])}`);
  }
  const unknown = Object.keys(data).find((k) => !Object.hasOwn(FIELDS, k));
  if (unknown !== undefined) refuse(path, `${unknown}: unknown field, got ${describeValue(data[unknown])}`);
  // Structure first, so that a missing or malformed field is named; then whether it was changed.
  const scenario = validateForSimulation(data['scenario'], `${path}: scenario`);
  const accumulator = ScenarioAccumulator.fromJSON(scenario, data['accumulator'], `${path}: accumulator`);
  const { digest, ...fields } = data;
  const actual = digestOf(fields);
  if (digest !== actual) refuse(path, `digest: expected ${actual} (the digest of the content), got ${describeValue(digest)}: the file was changed after its shard wrote it`);
  const hash = scenarioHash(scenario);
  if (data['scenarioHash'] !== hash) refuse(path, `scenarioHash: expected ${hash} (the hash of its scenario), got ${describeValue(data['scenarioHash'])}`);
  const run = data as unknown as PartialRun;
  const chunks = Math.ceil(run.replications / run.chunkSize);
  const [start, end] = shardRange(chunks, run.shard);
  if (run.firstChunk !== start || !(run.endChunk > start && run.endChunk <= end)) {
    refuse(path, `firstChunk, endChunk: expected a range starting at ${start} and ending by ${end} (shard ${run.shard.index}/${run.shard.count} of ${chunks} chunks), got ${run.firstChunk}, ${run.endChunk}`);
  }
  const expected = Math.min(run.endChunk * run.chunkSize, run.replications) - run.firstChunk * run.chunkSize;
  if (accumulator.replications !== expected) {
    refuse(path, `accumulator.replications: expected ${expected} (chunks ${run.firstChunk} to ${run.endChunk} of ${run.chunkSize}), got ${accumulator.replications}`);
  }
  const { version, seed, replications, chunkSize, confidence, shard, firstChunk, endChunk } = run;
  return { version, seed, replications, chunkSize, confidence, shard, firstChunk, endChunk, path, scenario, scenarioHash: hash, accumulator, digest: actual };
}

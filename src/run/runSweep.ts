/**
 * Sweeps (`faultline sweep`): a grid over scenario parameters, each point run into its own
 * folder with the same seed, and a combined tidy sweep.csv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError, describeValue } from '../errors.js';
import { faultlineVersion } from '../io/bundledScenarios.js';
import { AtomicFiles, prepareOutputFolder } from '../io/AtomicFiles.js';
import { SUMMARY_COLUMNS, fromCsv, toCsv, type Cell } from '../io/csv.js';
import { loadScenario } from '../io/loadScenario.js';
import { parseDuration } from '../scenario/duration.js';
import { grid, type Assignment, type Override } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { scenarioHash } from './partialFile.js';
import { runToDirectory, type Annotate } from './runToDirectory.js';

/** One point of a sweep: its values, its scenario and its folder. */
export interface SweepPoint {
  readonly index: number;
  /** The folder name under the sweep's folder, from the values (`mean=2h`). */
  readonly label: string;
  readonly folder: string;
  readonly assignments: readonly Assignment[];
  readonly scenario: Scenario;
}

/** A swept parameter's sweep.csv column: durations in hours (`<path>_hours`), anything else as written. */
export interface SweepColumn {
  readonly path: string;
  readonly name: string;
  readonly cell: (a: Assignment) => Cell;
}

export interface SweepOptions {
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  readonly workers?: number;
  readonly chunkSize?: number;
  readonly maxEvents?: number;
  /** Also write each point's replications.csv (for paired comparisons between points). */
  readonly perRep?: boolean;
  /** Run every point again, even those whose folder holds this run's complete results. */
  readonly rerun?: boolean;
  readonly annotate?: Annotate;
  readonly signal?: AbortSignal;
  /** Replications done over the whole sweep, of all planned (a skipped point counts as done). */
  readonly onProgress?: (done: number, planned: number) => void;
  readonly onPoint?: (point: SweepPoint, status: 'ran' | 'complete, not re-run') => void;
}

export interface SweepOutcome {
  readonly points: readonly SweepPoint[];
  readonly ran: readonly string[];
  readonly skipped: readonly string[];
  readonly files: readonly string[];
}

/**
 * Every point of the grid over `overrides` (the first varying slowest), each loaded and
 * validated from `file` with its values set, so that a bad value is refused before anything runs.
 * @throws FaultlineError INVALID_ARGUMENT for no override, a path given twice or a path that does
 *   not exist; INVALID_SCENARIO for a value that validation refuses (naming the point).
 */
export function sweepPoints(file: string, overrides: readonly Override[], out: string): SweepPoint[] {
  if (overrides.length === 0) throw new FaultlineError('INVALID_ARGUMENT', 'sweep: expected at least one --set <json.path>=<v1>,<v2>,…');
  overrides.forEach((o, i) => {
    const j = overrides.findIndex((p) => p.path === o.path);
    if (j < i) throw new FaultlineError('INVALID_ARGUMENT', `--set ${o.path}: expected each path once (list its values in one --set), got it ${overrides.filter((p) => p.path === o.path).length} times`);
  });
  const lastNames = overrides.map((o) => o.segments[o.segments.length - 1] as string);
  const keyOf = (o: Override, i: number) => (lastNames.indexOf(lastNames[i] as string) === lastNames.lastIndexOf(lastNames[i] as string) ? lastNames[i] : o.path);
  const keys = overrides.map(keyOf);
  const used = new Set<string>();
  return grid(overrides).map((assignments, index) => {
    let label = assignments.map((a, i) => `${keys[i]}=${a.text.replace(/[^A-Za-z0-9._+-]/g, '_')}`).join(',');
    if (used.has(label)) label = `${label}~${index}`;
    used.add(label);
    let scenario: Scenario;
    try {
      scenario = loadScenario(file, assignments);
    } catch (error) {
      if (!(error instanceof FaultlineError)) throw error;
      throw new FaultlineError(error.code, `sweep point ${label}: ${error.message}`);
    }
    return { index, label, folder: join(out, label), assignments, scenario };
  });
}

/** sweep.csv's parameter columns: a parameter whose every value is a duration, one at least with a unit, in hours. */
export function sweepColumns(overrides: readonly Override[]): SweepColumn[] {
  return overrides.map((o) => {
    const durations = o.values.every((v) => parseDuration(v) !== undefined) && o.values.some((v) => typeof v === 'string');
    if (durations) return { path: o.path, name: `${o.path}_hours`, cell: (a: Assignment) => parseDuration(a.value) };
    return { path: o.path, name: o.path, cell: (a: Assignment) => (typeof a.value === 'number' ? a.value : typeof a.value === 'string' ? a.value : JSON.stringify(a.value)) };
  });
}

/**
 * Whether `folder` holds the complete results of this point's run: a manifest of the same
 * scenario (its hash), seed, planned replications, confidence and faultline version, not a shard,
 * and its summary.csv (and replications.csv when asked for).
 */
export function pointComplete(point: SweepPoint, options: Pick<SweepOptions, 'seed' | 'replications' | 'confidence' | 'perRep'>): boolean {
  const manifest = join(point.folder, 'manifest.json');
  if (!existsSync(manifest) || !existsSync(join(point.folder, 'summary.csv'))) return false;
  if (options.perRep && !existsSync(join(point.folder, 'replications.csv'))) return false;
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    return (
      m['scenario_hash'] === scenarioHash(point.scenario) &&
      m['seed'] === options.seed &&
      m['planned_replications'] === options.replications &&
      m['replications'] === options.replications &&
      m['confidence'] === options.confidence &&
      m['shard'] === null &&
      m['faultline_version'] === faultlineVersion()
    );
  } catch {
    return false;
  }
}

/**
 * Runs every point (the same seed for all: common random numbers, since each draw comes from a
 * stream keyed by what it is for, so that two points differ only where their parameters do),
 * skipping a point whose folder already holds this run's complete results unless `rerun`; then
 * writes `<out>/sweep.csv` (one row per point and summary metric, one column per parameter
 * before summary.csv's) and `<out>/sweep.json` (the parameters and points). Each point's folder
 * is written as `faultline run` writes one; sweep.csv and sweep.json appear only when every point
 * is done.
 */
export async function runSweep(points: readonly SweepPoint[], overrides: readonly Override[], out: string, options: SweepOptions): Promise<SweepOutcome> {
  prepareOutputFolder(out);
  for (const p of points) prepareOutputFolder(p.folder);
  const planned = points.length * options.replications;
  const ran: string[] = [];
  const skipped: string[] = [];
  for (const [i, point] of points.entries()) {
    const before = i * options.replications;
    if (!options.rerun && pointComplete(point, options)) {
      skipped.push(point.label);
      options.onPoint?.(point, 'complete, not re-run');
      options.onProgress?.(before + options.replications, planned);
      continue;
    }
    await runToDirectory(point.scenario, {
      seed: options.seed,
      replications: options.replications,
      confidence: options.confidence,
      out: point.folder,
      overrides: Object.fromEntries(point.assignments.map((a) => [a.path, a.value])),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.annotate === undefined ? {} : { annotate: options.annotate }),
      ...(options.perRep ? { perRep: true } : {}),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: (done: number) => options.onProgress?.(before + done, planned) }),
    });
    ran.push(point.label);
    options.onPoint?.(point, 'ran');
  }
  const columns = sweepColumns(overrides);
  const header = [...columns.map((c) => c.name), 'point', ...SUMMARY_COLUMNS];
  const rows: Record<string, Cell>[] = [];
  for (const point of points) {
    const summary = await fromCsv(readFileSync(join(point.folder, 'summary.csv'), 'utf8'));
    for (const row of summary) {
      const r: Record<string, Cell> = { point: point.label };
      columns.forEach((c, j) => (r[c.name] = c.cell(point.assignments[j] as Assignment)));
      for (const k of SUMMARY_COLUMNS) r[k] = row[k];
      rows.push(r);
    }
  }
  const files = new AtomicFiles();
  const csv = join(out, 'sweep.csv');
  const json = join(out, 'sweep.json');
  try {
    files.write(csv, await toCsv(header, rows));
    const description = {
      scenario: points[0]?.scenario.name,
      seed: options.seed,
      replications: options.replications,
      confidence: options.confidence,
      faultline_version: faultlineVersion(),
      common_random_numbers: true,
      parameters: columns.map((c, j) => ({ path: c.path, column: c.name, values: (overrides[j] as Override).texts })),
      points: points.map((p) => ({ point: p.label, folder: p.label, values: Object.fromEntries(p.assignments.map((a) => [a.path, a.value])) })),
    };
    files.write(json, `${JSON.stringify(description, null, 2)}\n`);
    files.commit();
  } catch (error) {
    throw files.abandon(error);
  }
  return { points, ran, skipped, files: [csv, json] };
}

/** For messages: the values of a point. */
export function describePoint(point: SweepPoint): string {
  return point.assignments.map((a) => `${a.path}=${describeValue(a.value)}`).join(', ');
}

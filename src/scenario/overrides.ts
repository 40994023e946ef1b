/**
 * `--set <json.path>=<value>[,<value>…]`: values written into a scenario file's JSON before it is
 * validated, so that units, defaults and every check apply to them as to the file's own fields.
 */
import { FaultlineError, describeValue } from '../errors.js';

/** One `--set`: a JSON path into the scenario file and the values it takes (one for run and check, one or more for sweep). */
export interface Override {
  /** As written: `groups.executors.repair.mean`. */
  readonly path: string;
  readonly segments: readonly string[];
  /** Each value as written (`2h`), and as set into the JSON (`"2h"`, `4`, `true`, an object…). */
  readonly texts: readonly string[];
  readonly values: readonly unknown[];
}

/** One value of each override: a point of a sweep, or the overrides of a run. */
export interface Assignment {
  readonly path: string;
  readonly segments: readonly string[];
  readonly text: string;
  readonly value: unknown;
}

const SEGMENT = /^[A-Za-z0-9_$-]+$/;

/**
 * Parses `path=v1,v2,…`. A value is JSON where it parses as JSON (`4`, `true`, `"4"`,
 * `{"type":"exponential","mean":"4h"}`), else the text itself (`2h`, `majority`); commas inside
 * brackets, braces or quotes do not split values.
 * @throws FaultlineError INVALID_ARGUMENT naming the option and what is wrong.
 */
export function parseOverride(spec: string, option = '--set'): Override {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected <json.path>=<value>[,<value>…] (e.g. groups.executors.repair.mean=2h,4h), got ${describeValue(spec)}`);
  const path = spec.slice(0, eq).trim();
  const segments = path.split('.');
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) throw new FaultlineError('INVALID_ARGUMENT', `${option} ${path}: expected a path of field names and array indices separated by ".", got the segment ${describeValue(bad)}`);
  const texts = splitValues(spec.slice(eq + 1), `${option} ${path}`);
  return { path, segments, texts, values: texts.map(parseValue) };
}

function splitValues(list: string, where: string): string[] {
  const texts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      texts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  texts.push(list.slice(start).trim());
  const empty = texts.findIndex((t) => t === '');
  if (empty >= 0) throw new FaultlineError('INVALID_ARGUMENT', `${where}: expected a value at position ${empty + 1} of ${describeValue(list)}, got nothing`);
  return texts;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A copy of `raw` with each assignment's value at its path. Every field on the way must exist
 * (a typo names the field and what is there); the last may be new (a default made explicit).
 * @throws FaultlineError INVALID_ARGUMENT naming `file` and the path.
 */
export function applyAssignments(raw: unknown, assignments: readonly Assignment[], file: string): unknown {
  const copy = structuredClone(raw);
  for (const { path, segments, value } of assignments) {
    let node: unknown = copy;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i] as string;
      const last = i === segments.length - 1;
      if (node === null || typeof node !== 'object') {
        throw new FaultlineError('INVALID_ARGUMENT', `${file}: --set ${path}: ${segments.slice(0, i).join('.')} is ${describeValue(node)}, not an object or array`);
      }
      const container = node as Record<string, unknown>;
      if (Array.isArray(node) && !(/^\d+$/.test(key) && Number(key) < (last ? node.length + 1 : node.length))) {
        throw new FaultlineError('INVALID_ARGUMENT', `${file}: --set ${path}: expected an index below ${node.length} of ${segments.slice(0, i).join('.') || '(root)'}, got ${describeValue(key)}`);
      }
      if (last) {
        container[key] = structuredClone(value);
      } else {
        if (!(key in container)) {
          const keys = Object.keys(container);
          throw new FaultlineError('INVALID_ARGUMENT', `${file}: --set ${path}: no field ${describeValue(key)} in ${segments.slice(0, i).join('.') || '(root)'}${keys.length > 0 ? ` (it has: ${keys.join(', ')})` : ''}`);
        }
        node = container[key];
      }
    }
  }
  return copy;
}

/** The single value of each override, for run and check. @throws FaultlineError INVALID_ARGUMENT for a list (that is a sweep). */
export function singleAssignments(overrides: readonly Override[]): Assignment[] {
  return overrides.map((o) => {
    if (o.texts.length !== 1) throw new FaultlineError('INVALID_ARGUMENT', `--set ${o.path}: expected one value here (several values make a sweep: faultline sweep), got ${o.texts.length}`);
    return { path: o.path, segments: o.segments, text: o.texts[0] as string, value: o.values[0] };
  });
}

/** Every combination of the overrides' values, the first override varying slowest. */
export function grid(overrides: readonly Override[]): Assignment[][] {
  let points: Assignment[][] = [[]];
  for (const o of overrides) {
    points = points.flatMap((p) => o.texts.map((text, i) => [...p, { path: o.path, segments: o.segments, text, value: o.values[i] }]));
  }
  return points;
}

/** The documented limits of scenario files, and a check of a JSON value's size and depth that never recurses. */
import { describeValue } from '../errors.js';

/**
 * What a scenario may hold (docs/conventions.md, "Limits"). Each bounds memory or time that would otherwise
 * grow without bound: a simulation sizes typed arrays by components, links, grid times and
 * windows; an accumulator holds a few kilobytes per service, group and window; re-evaluating a
 * service costs its members. They are sized so that the largest accepted scenario validates in
 * well under a second (`npm run bench`, case `validation`). Raising one means editing it here.
 * The events of one replication are bounded separately, by `--max-events` (sim/checkScenario).
 */
export const LIMITS = {
  /** Components of all groups together, the network's links included. */
  components: 100_000,
  /** Links of the network (a full mesh of n nodes has n(n − 1)/2). */
  links: 100_000,
  groups: 1_000,
  services: 1_000,
  /** Members of one service's `all`, `any` or `of` list. */
  members: 1_000,
  /** Members of all services together. */
  allMembers: 10_000,
  gridTimes: 10_000,
  windows: 100,
  /** Services × grid times: the curves every replication records. */
  curvePoints: 1_000_000,
  /** Services × windows: the window accumulators. */
  windowMetrics: 10_000,
  crews: 1_000,
  /** Common-cause shock processes. */
  shocks: 1_000,
  /** Components hit by all shocks together, a component counted once per shock that hits it (a group member counts its components). */
  shockHits: 100_000,
  /** Partition processes. */
  partitions: 100,
  /** Links cut by all partitions together, a link counted once per partition whose split it crosses. */
  partitionCuts: 1_000_000,
  /** Query classes of the workload. */
  queryClasses: 1_000,
  /** Steps of all the workload's arrival profiles together. */
  profileSteps: 10_000,
  /** Fallbacks of one query class. */
  fallbacks: 100,
  /** Circuit breakers; bulkheads. */
  breakers: 1_000,
  bulkheads: 1_000,
  /** A sliding-window breaker's size: calls (count window) or one-second buckets (time window). */
  breakerWindow: 1_000_000,
  /** Repairers of one crew. */
  repairers: 100_000,
  /** The horizon, hours (about 114 000 years): times and downtimes stay well inside a double's exact-sum range. */
  horizonHours: 1e9,
  /** Nesting of the JSON file. */
  depth: 32,
  /** JSON values (numbers, strings, arrays, objects…) in the file. */
  values: 1_000_000,
} as const;

/** A JSON path as `groups.executors.count`, `(root)` when empty; a key that is not a plain name is quoted (`services."a b"`). */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((k) => (typeof k === 'string' && !/^[A-Za-z0-9_$-]+$/.test(k) ? JSON.stringify(k) : String(k))).join('.');
}

/** The value at `path` in a parsed JSON value (undefined when there is none): what a message quotes as written. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Checks that `root` (parsed JSON) is nested at most `depth` levels, holds at most `values`
 * values, and has no key "__proto__" (which JSON.parse keeps but a JavaScript object cannot hold
 * as a name, so a schema would silently drop it), walking it with an explicit stack: a value
 * nested 10^5 deep is measured, not recursed into. Returns the problem, as
 * `path: expected …, got …`, or undefined.
 */
export function jsonSizeProblem(root: unknown, limits: { readonly depth: number; readonly values: number } = LIMITS): string | undefined {
  interface Frame {
    readonly value: unknown;
    readonly key: string | number;
    readonly parent: Frame | null;
    readonly depth: number;
  }
  const keysOf = (frame: Frame): (string | number)[] => {
    const keys: (string | number)[] = [];
    for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) keys.push(f.key);
    return keys.reverse();
  };
  const stack: Frame[] = [{ value: root, key: '', parent: null, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (++count > limits.values) return `(root): expected at most ${limits.values} JSON values in the file, got more`;
    const value = frame.value;
    if (value === null || typeof value !== 'object') continue;
    if (frame.depth >= limits.depth) {
      return `${jsonPath(keysOf(frame))}: expected a value nested at most ${limits.depth} levels deep, got ${describeValue(value)} at depth ${frame.depth + 1}`;
    }
    const depth = frame.depth + 1;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: frame, depth });
    } else {
      const keys = Object.keys(value);
      if (keys.includes('__proto__')) {
        return `${jsonPath([...keysOf(frame), '__proto__'])}: expected a name other than "__proto__", got ${describeValue((value as Record<string, unknown>)['__proto__'])}`;
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: frame, depth });
      }
    }
  }
  return undefined;
}

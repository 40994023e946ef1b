/** The one error root of faultline: every error it throws on purpose carries a stable `code`. */

export type FaultlineErrorCode =
  | 'INVALID_PARAMETER'
  | 'INVALID_ARGUMENT'
  | 'ENGINE_MISUSE'
  | 'INVALID_SCENARIO'
  /** A partial.json that is not what a shard wrote: unreadable, malformed, or edited. */
  | 'INVALID_PARTIAL'
  /** An input beyond a documented limit (size, depth, events per replication). */
  | 'LIMIT'
  /** A file could not be read. */
  | 'IO'
  /** An output could not be written (a full disk, an I/O error): the run failed. */
  | 'WRITE'
  /** A run stopped by a signal or an abort. */
  | 'INTERRUPTED'
  /** A run that failed while simulating. */
  | 'WORKER';

export class FaultlineError extends Error {
  readonly code: FaultlineErrorCode;

  constructor(code: FaultlineErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FaultlineError';
    this.code = code;
  }
}

// An error message shows at most this much of a value; beyond it, a summary (`an array of 100000 items`).
const SHOWN_NODES = 100;
const SHOWN_DEPTH = 8;
const SHOWN_CHARS = 200;

/**
 * Formats a value for an error message: strings quoted, numbers as written (NaN, Infinity
 * included), small objects and arrays as JSON. A large or deeply nested value is summarised
 * (its size is measured without recursion), so that formatting an error never overflows the
 * stack or floods the terminal.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return String(value);
  if (!isSmall(value)) return summary(value);
  try {
    return clip(JSON.stringify(value) ?? String(value));
  } catch {
    return summary(value);
  }
}

function summary(value: object): string {
  const n = Array.isArray(value) ? value.length : Object.keys(value).length;
  return `${Array.isArray(value) ? 'an array' : 'an object'} of ${n} ${Array.isArray(value) ? 'item' : 'field'}${n === 1 ? '' : 's'}`;
}

function clip(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS - 1)}…`;
}

/** Whether `root` has at most SHOWN_NODES nodes and SHOWN_DEPTH levels: walked with a stack, never recursively. */
function isSmall(root: object): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (++nodes > SHOWN_NODES || depth > SHOWN_DEPTH) return false;
    if (value !== null && typeof value === 'object') {
      const size = Array.isArray(value) ? value.length : Object.keys(value).length;
      if (nodes + size > SHOWN_NODES) return false;
      for (const child of Object.values(value)) stack.push([child, depth + 1]);
    }
  }
  return true;
}

/** Throws `INVALID_PARAMETER` as `name: expected <expected>, got <value>`. */
export function invalidParameter(name: string, expected: string, got: unknown): never {
  throw new FaultlineError('INVALID_PARAMETER', `${name}: expected ${expected}, got ${describeValue(got)}`);
}

/** Checks that `value` is a finite number greater than zero, else throws naming `name`. */
export function requirePositive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) invalidParameter(name, 'a finite number > 0', value);
  return value;
}

/** Checks that `value` is a finite number (any sign), else throws naming `name`. */
export function requireFinite(name: string, value: number): number {
  if (!Number.isFinite(value)) invalidParameter(name, 'a finite number', value);
  return value;
}

/** Checks that `value` is a probability in [0, 1], else throws naming `name`. */
export function requireProbability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) invalidParameter(name, 'a probability in [0, 1]', value);
  return value;
}

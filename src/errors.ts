/** The one error root of faultline: every error it throws on purpose carries a stable `code`. */

export type FaultlineErrorCode =
  | 'INVALID_PARAMETER'
  | 'INVALID_ARGUMENT'
  | 'ENGINE_MISUSE'
  | 'INVALID_SCENARIO'
  | 'IO'
  | 'WORKER';

export class FaultlineError extends Error {
  readonly code: FaultlineErrorCode;

  constructor(code: FaultlineErrorCode, message: string) {
    super(message);
    this.name = 'FaultlineError';
    this.code = code;
  }
}

/** Formats a value for an error message: strings quoted, numbers as written (NaN, Infinity included). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
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

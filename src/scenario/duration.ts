/** Durations in scenario files: a number of hours, or a string with a unit ("30s", "5min", "4h", "2d", "1y"). */

/** Hours per unit. A year is 365 days (8760 h), as in seed 000. */
export const HOURS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 1 / 3_600_000,
  s: 1 / 3600,
  sec: 1 / 3600,
  min: 1 / 60,
  h: 1,
  hr: 1,
  d: 24,
  w: 168,
  y: 8760,
};

const PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z]+)\s*$/;

/** The duration in hours, or undefined when `value` is neither a finite number nor a valid unit string. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = PATTERN.exec(value);
  if (match === null) return undefined;
  const perUnit = HOURS_PER_UNIT[match[2] as string];
  if (perUnit === undefined) return undefined;
  const hours = Number(match[1]) * perUnit;
  return Number.isFinite(hours) ? hours : undefined;
}

export const DURATION_HINT = 'duration (hours, or a string such as "30s", "5min", "4h", "2d", "1y")';

/** The units of durations (the keys of HOURS_PER_UNIT), e.g. for a lognormal's `unit`. */
export const DURATION_UNITS = Object.keys(HOURS_PER_UNIT) as [string, ...string[]];

const RATE_PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*\/\s*([a-z]+)\s*$/;

/** The rate per hour, or undefined when `value` is neither a finite number (per hour) nor a string such as "5/s", "300/min", "100/h". */
export function parseRate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = RATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const perUnit = HOURS_PER_UNIT[match[2] as string];
  if (perUnit === undefined) return undefined;
  const perHour = Number(match[1]) / perUnit;
  return Number.isFinite(perHour) ? perHour : undefined;
}

export const RATE_HINT = 'rate (per hour, or a string such as "5/s", "300/min", "100/h")';

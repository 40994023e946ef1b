/** The CSV outputs: fixed columns, full-precision numbers (written atomically by AtomicFiles). */
import { parseString, writeToString } from 'fast-csv';

export const SUMMARY_COLUMNS = [
  'scenario',
  'seed',
  'replications',
  'metric',
  'estimate',
  'std_error',
  'ci_low',
  'ci_high',
  'confidence',
  'low_information',
  'analytic',
  'z_score',
  'verdict',
] as const;

export const TIMESERIES_COLUMNS = ['scenario', 'seed', 't_hours', 'metric', 'estimate', 'ci_low', 'ci_high', 'low_information', 'analytic'] as const;

export type Cell = string | number | undefined;
export type SummaryRow = Readonly<Record<(typeof SUMMARY_COLUMNS)[number], Cell>>;
export type TimeseriesRow = Readonly<Record<(typeof TIMESERIES_COLUMNS)[number], Cell>>;

/**
 * A cell as text: numbers at full precision (the shortest text that reads back to the same
 * double), NaN, ±Infinity and undefined as empty cells, strings as they are.
 */
export function cell(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value;
}

/** CSV text with a header row and the given columns, in that order. */
export async function toCsv<C extends string>(columns: readonly C[], rows: readonly Readonly<Record<C, Cell>>[]): Promise<string> {
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  return writeToString([columns as readonly string[], ...body], { headers: false, includeEndRowDelimiter: true });
}

/** The rows of CSV text with a header row, as strings keyed by column (empty cells as undefined). */
export function fromCsv(text: string): Promise<Record<string, string | undefined>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, string | undefined>[] = [];
    parseString<Record<string, string>, Record<string, string>>(text, { headers: true })
      .on('error', reject)
      .on('data', (row: Record<string, string>) => rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? undefined : v]))))
      .on('end', () => resolve(rows));
  });
}

/** The CSV outputs: fixed columns, full-precision numbers, written under a temporary name and renamed when complete. */
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format, writeToString } from 'fast-csv';

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

/**
 * Files that appear only when all of them are complete: each is written to `<path>.partial`
 * and renamed by `commit()`; `discard()` removes whatever was written. A run that fails or is
 * interrupted thus leaves nothing that looks like a finished result.
 */
export class AtomicFiles {
  private readonly written: string[] = [];

  write(path: string, text: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.partial`, text);
    this.written.push(path);
  }

  /** A CSV stream to `path` (header first); rows arrive as arrays of cells. */
  stream(path: string, header: readonly string[]): { write(row: readonly Cell[]): void; end(): Promise<void> } {
    const out = createWriteStream(`${path}.partial`);
    const csv = format({ headers: false, includeEndRowDelimiter: true });
    csv.pipe(out);
    csv.write([...header]);
    this.written.push(path);
    return {
      write: (row) => {
        csv.write(row.map(cell));
      },
      end: () =>
        new Promise<void>((resolve, reject) => {
          out.on('finish', () => resolve());
          out.on('error', reject);
          csv.end();
        }),
    };
  }

  commit(): void {
    for (const path of this.written) renameSync(`${path}.partial`, path);
    this.written.length = 0;
  }

  discard(): void {
    for (const path of this.written) rmSync(`${path}.partial`, { force: true });
    this.written.length = 0;
  }
}

/** Writes one text file so that it appears complete or not at all (written as `.partial`, then renamed). */
export function writeTextAtomically(path: string, text: string): void {
  const files = new AtomicFiles();
  files.write(path, text);
  files.commit();
}

/** Writes a set of CSV tables and text files atomically: the way layers above run/ (check/) reach io/. */
import { AtomicFiles, SUMMARY_COLUMNS, TIMESERIES_COLUMNS, toCsv, type Cell, type SummaryRow, type TimeseriesRow } from '../io/csv.js';

export { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, type Cell, type SummaryRow, type TimeseriesRow };

export interface Table {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** Writes every table (CSV) and text file; all appear together, or none does. Returns the paths. */
export async function writeTables(tables: readonly Table[], texts: readonly { readonly path: string; readonly text: string }[] = []): Promise<string[]> {
  const files = new AtomicFiles();
  try {
    for (const t of tables) files.write(t.path, await toCsv(t.columns, t.rows));
    for (const t of texts) files.write(t.path, t.text);
    files.commit();
  } catch (error) {
    files.discard();
    throw error;
  }
  return [...tables.map((t) => t.path), ...texts.map((t) => t.path)];
}

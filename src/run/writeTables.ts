/** Writes a set of CSV tables and text files atomically, for run/ and check/. */
import { AtomicFiles, prepareOutputFolder } from '../io/AtomicFiles.js';
import { toCsv, type Cell } from '../io/csv.js';

export interface Table {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** Checks and makes output folders before a run writes them (see io/AtomicFiles prepareOutputFolder). */
export function prepareFolders(folders: readonly string[]): void {
  for (const folder of folders) prepareOutputFolder(folder);
}

/**
 * Writes every table (CSV) and text file as one run's results: all appear together, replacing
 * the earlier results of their folders, or none does. Returns the paths.
 */
export async function writeTables(tables: readonly Table[], texts: readonly { readonly path: string; readonly text: string }[] = []): Promise<string[]> {
  const files = new AtomicFiles({ results: true });
  try {
    for (const t of tables) files.write(t.path, await toCsv(t.columns, t.rows));
    for (const t of texts) files.write(t.path, t.text);
    files.commit();
  } catch (error) {
    throw files.abandon(error);
  }
  return [...tables.map((t) => t.path), ...texts.map((t) => t.path)];
}

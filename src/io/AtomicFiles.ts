/** Output files that appear complete or not at all: written under temporary names, put in place together, replacing a results folder's earlier run. */
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { format } from 'fast-csv';
import { FaultlineError, describeValue } from '../errors.js';
import { cell, type Cell } from './csv.js';

/**
 * Every file faultline writes into a results folder. A results folder describes one run: when a
 * run commits, the files of this list that it did not write are removed (an old replications.csv
 * of another seed, an old partial.json beside a full run).
 */
export const RESULT_FILES = ['summary.csv', 'timeseries.csv', 'replications.csv', 'outages.csv', 'partial.json', 'manifest.json', 'check.csv', 'check.md'] as const;

/** The file whose presence says a run's folder is complete: removed first and written last by a commit. */
const MANIFEST = 'manifest.json';

/** Suffix of temporary files: `summary.csv.partial` until the run commits. */
export const TEMPORARY_SUFFIX = '.partial';

/** The empty file that shows a folder can be written: `.faultline-probe-<pid>.partial`, removed at once. */
const PROBE_PREFIX = '.faultline-probe-';

/** Every temporary file of this process not yet committed or discarded: what a second Ctrl-C removes. */
const temporaries = new Set<string>();
/** Their open streams, closed before removal so that a full disk gets its space back at once. */
const streams = new Map<string, WriteStream>();

/**
 * Removes every temporary file this process has written and not committed, synchronously (for a
 * signal handler that exits right after). Returns the paths removed.
 */
export function removeTemporaries(): string[] {
  const removed = [...temporaries];
  for (const temp of removed) removeTemporary(temp);
  return removed;
}

function removeTemporary(temp: string): void {
  streams.get(temp)?.destroy();
  streams.delete(temp);
  rmSync(temp, { force: true });
  temporaries.delete(temp);
}

/** An error's errno code and text, e.g. `ENOSPC: no space left on device`. */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return typeof e.code === 'string' ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '')}` : String(e?.message ?? error);
}

function writeError(path: string, error: unknown): FaultlineError {
  return new FaultlineError('WRITE', `cannot write ${path} (${reason(error)})`);
}

/**
 * The test hook for write failures: FAULTLINE_TEST_WRITE_FAIL=`<file>:<errno code>` (comma
 * separated for several; `<file>` a name such as `summary.csv` or the end of a path such as
 * `tmr/summary.csv`) makes writing that file fail as a full disk (ENOSPC) or an I/O error (EIO)
 * would, after part of it is on disk.
 */
function injectedFailure(path: string): NodeJS.ErrnoException | undefined {
  for (const rule of (process.env['FAULTLINE_TEST_WRITE_FAIL'] ?? '').split(',')) {
    const [name, code = 'EIO'] = rule.split(':');
    if (name !== undefined && name !== '' && (path === name || path.endsWith(`/${name}`))) {
      return Object.assign(new Error(`${code}: injected write failure, write`), { code, errno: -5, syscall: 'write' });
    }
  }
  return undefined;
}

/**
 * Checks an output folder before anything is simulated, and makes it: `""`, an existing file, a
 * path under a file and a folder that cannot be written are refused (INVALID_ARGUMENT: bad usage,
 * exit 2) rather than found after the run. Removes the temporary files a killed run left there.
 * @param option how the user named it, for messages (`--out`).
 */
export function prepareOutputFolder(folder: string, option = '--out'): void {
  if (folder.trim() === '') throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected a folder, got ${describeValue(folder)}`);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected a folder, got ${describeValue(folder)}, which is a file`);
  }
  try {
    mkdirSync(folder, { recursive: true });
    const probe = join(folder, `${PROBE_PREFIX}${process.pid}${TEMPORARY_SUFFIX}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a path under a file' : reason(error);
    throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected a folder that can be written, got ${describeValue(folder)} (${why})`);
  }
  for (const name of RESULT_FILES) rmSync(join(folder, name + TEMPORARY_SUFFIX), { force: true });
  for (const name of readdirSync(folder)) if (name.startsWith(PROBE_PREFIX) && name.endsWith(TEMPORARY_SUFFIX)) rmSync(join(folder, name), { force: true });
}

/**
 * Checks an output file before anything is written: not `""`, not a folder, in a folder that can be made.
 * @throws FaultlineError INVALID_ARGUMENT naming `option`.
 */
export function prepareOutputFile(path: string, option = '--out'): void {
  if (path.trim() === '') throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected a file, got ${describeValue(path)}`);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new FaultlineError('INVALID_ARGUMENT', `${option}: expected a file, got ${describeValue(path)}, which is a folder`);
  }
  prepareOutputFolder(dirname(path), `${option} (its folder)`);
}

export interface CsvStream {
  /** Adds a row. @throws FaultlineError WRITE once the file has failed (a full disk, say). */
  write(row: readonly Cell[]): void;
  /** Flushes and closes the file. @throws FaultlineError WRITE when that fails. */
  end(): Promise<void>;
}

/**
 * Files that appear only when all of them are complete: each is written to `<path>.partial` and
 * renamed by `commit()`; `discard()` removes whatever was written. A run that fails or is
 * interrupted thus leaves nothing that looks like a finished result, and the folder keeps its
 * earlier results.
 *
 * With `results: true` the files are a run's results, and a commit makes each folder it writes
 * describe this run only: it removes the folder's manifest.json first (so that a folder caught
 * half-way does not look complete), then the RESULT_FILES this run did not write, renames the new
 * files in, and the new manifest.json last.
 *
 * Every write error (ENOSPC, EIO, …) becomes a FaultlineError WRITE naming the file.
 */
export class AtomicFiles {
  private readonly written: string[] = [];
  private readonly results: boolean;

  constructor(options: { readonly results?: boolean } = {}) {
    this.results = options.results ?? false;
  }

  /** The folders this set writes into. */
  get folders(): string[] {
    return [...new Set(this.written.map((path) => dirname(path)))];
  }

  write(path: string, text: string): void {
    const temp = this.track(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      const injected = injectedFailure(path);
      if (injected !== undefined) {
        writeFileSync(temp, text.slice(0, text.length >> 1));
        throw injected;
      }
      writeFileSync(temp, text);
    } catch (error) {
      throw writeError(path, error);
    }
  }

  /** A CSV stream to `path` (header first); rows arrive as arrays of cells. */
  stream(path: string, header: readonly string[]): CsvStream {
    const temp = this.track(path);
    mkdirSync(dirname(path), { recursive: true });
    const out = createWriteStream(temp);
    streams.set(temp, out);
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
    };
    out.on('error', fail);
    const csv = format({ headers: false, includeEndRowDelimiter: true });
    csv.on('error', fail);
    csv.pipe(out);
    csv.write([...header]);
    const injected = injectedFailure(path);
    let rows = 0;
    return {
      write: (row) => {
        if (failure !== undefined) throw writeError(path, failure);
        if (injected !== undefined && ++rows === 100) out.destroy(injected);
        csv.write(row.map(cell));
      },
      end: () =>
        new Promise<void>((resolve, reject) => {
          if (failure !== undefined) {
            reject(writeError(path, failure));
            return;
          }
          out.once('close', () => (failure === undefined ? resolve() : reject(writeError(path, failure))));
          csv.end();
        }),
    };
  }

  /** Puts every file in place (see the class comment). @throws FaultlineError WRITE when a rename fails. */
  commit(): void {
    const isManifest = (path: string) => this.results && basename(path) === MANIFEST;
    const placed: string[] = [];
    try {
      if (this.results) {
        for (const folder of this.folders) {
          const fresh = new Set(this.written.filter((p) => dirname(p) === folder).map((p) => basename(p)));
          rmSync(join(folder, MANIFEST), { force: true });
          for (const name of RESULT_FILES) if (!fresh.has(name)) rmSync(join(folder, name), { force: true });
        }
      }
      for (const path of [...this.written.filter((p) => !isManifest(p)), ...this.written.filter(isManifest)]) {
        renameSync(path + TEMPORARY_SUFFIX, path);
        temporaries.delete(path + TEMPORARY_SUFFIX);
        streams.delete(path + TEMPORARY_SUFFIX);
        placed.push(path);
      }
    } catch (error) {
      const missing = this.written.filter((p) => !placed.includes(p));
      this.discard();
      throw new FaultlineError(
        'WRITE',
        `cannot put ${missing[0]} in place (${reason(error)}): the earlier results of ${this.folders.join(', ')} were removed; ` +
          `${placed.length > 0 ? `written: ${placed.join(', ')}; ` : ''}not written: ${missing.join(', ')}`,
      );
    }
    this.written.length = 0;
  }

  /** Removes every file written and not committed. */
  discard(): void {
    for (const path of this.written) removeTemporary(path + TEMPORARY_SUFFIX);
    this.written.length = 0;
  }

  /**
   * Discards what was written and says so: the error for a run that stopped with `error` before
   * committing (an interruption, a failed worker, a full disk), naming the folders left unchanged.
   */
  abandon(error: unknown): unknown {
    const folders = this.folders;
    this.discard();
    // No folders left: nothing was written, or a failed commit has said what it did.
    if (!(error instanceof FaultlineError) || folders.length === 0) return error;
    const where = folders.join(', ');
    return new FaultlineError(error.code, `${error.message}; nothing was written to ${where} (temporary files removed; earlier results there are unchanged)`);
  }

  private track(path: string): string {
    const temp = path + TEMPORARY_SUFFIX;
    temporaries.add(temp);
    this.written.push(path);
    return temp;
  }
}

/** Writes one text file so that it appears complete or not at all (written as `.partial`, then renamed). */
export function writeTextAtomically(path: string, text: string): void {
  const files = new AtomicFiles();
  try {
    files.write(path, text);
    files.commit();
  } catch (error) {
    throw files.abandon(error);
  }
}

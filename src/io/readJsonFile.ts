/** Reads a JSON file: an unreadable file, text that is not JSON, and JSON too deep or too large all name the file. */
import { readFileSync } from 'node:fs';
import { FaultlineError, type FaultlineErrorCode } from '../errors.js';
import { jsonSizeProblem } from '../scenario/limits.js';

/**
 * The parsed content of `path`.
 * @param invalid the error code for a file that is read but not acceptable JSON.
 * @param limits when given, the most nesting and values the content may have (checked without recursion).
 * @throws FaultlineError IO when the file cannot be read; `invalid` when it is not JSON (a
 *   truncated file, say) or exceeds `limits`.
 */
export function readJsonFile(path: string, invalid: FaultlineErrorCode, limits?: { readonly depth: number; readonly values: number }): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('IO', `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FaultlineError(invalid, `${path}: not valid JSON (${(error as Error).message})`);
  }
  const problem = limits === undefined ? undefined : jsonSizeProblem(json, limits);
  if (problem !== undefined) throw new FaultlineError(invalid, `${path}: ${problem}`);
  return json;
}

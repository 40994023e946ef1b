/** Reads a scenario file from disk: JSON errors and schema errors both name the file. */
import { readFileSync } from 'node:fs';
import { FaultlineError } from '../errors.js';
import { validateScenario, type Scenario } from '../scenario/validateScenario.js';

/**
 * Loads and validates a scenario file.
 * @throws FaultlineError IO when the file cannot be read, INVALID_SCENARIO when it is not JSON or
 *   not a valid scenario (every problem, each naming its JSON path and value).
 */
export function loadScenario(path: string): Scenario {
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
    throw new FaultlineError('INVALID_SCENARIO', `${path}: not valid JSON (${(error as Error).message})`);
  }
  return validateScenario(json, path);
}

/** Reads a scenario file from disk: JSON errors and schema errors both name the file. */
import { validateScenario, type Scenario } from '../scenario/validateScenario.js';
import { readJsonFile } from './readJsonFile.js';

/**
 * Loads and validates a scenario file.
 * @throws FaultlineError IO when the file cannot be read, INVALID_SCENARIO when it is not JSON or
 *   not a valid scenario (every problem, each naming its JSON path and value).
 */
export function loadScenario(path: string): Scenario {
  return validateScenario(readJsonFile(path, 'INVALID_SCENARIO'), path);
}

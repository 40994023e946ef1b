/** Reads a scenario file from disk: JSON errors and schema errors both name the file. */
import { applyAssignments, type Assignment } from '../scenario/overrides.js';
import { validateScenario, type Scenario } from '../scenario/validateScenario.js';
import { readJsonFile } from './readJsonFile.js';

/**
 * Loads and validates a scenario file, with `assignments` (`--set`) written into its JSON first,
 * so that they are validated as the file's own fields are.
 * @throws FaultlineError IO when the file cannot be read, INVALID_SCENARIO when it is not JSON or
 *   not a valid scenario (every problem, each naming its JSON path and value), INVALID_ARGUMENT
 *   when an assignment's path does not exist.
 */
export function loadScenario(path: string, assignments: readonly Assignment[] = []): Scenario {
  const raw = readJsonFile(path, 'INVALID_SCENARIO');
  return validateScenario(assignments.length === 0 ? raw : applyAssignments(raw, assignments, path), path);
}

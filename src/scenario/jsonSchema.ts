/** The JSON Schema of scenario files, generated from the zod schema, for editors to complete and check them. */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of what a scenario file may contain: the schema's input side,
 * so durations appear as "number or string". Cross-references (a service naming an unknown
 * group, say) are beyond JSON Schema and are checked by `validateScenario` only.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

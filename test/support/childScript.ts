/** Test-only: scripts that run the built simulation in a child node process (for V8-level checks). */
import { fileURLToPath } from 'node:url';

const dist = (path: string): string => fileURLToPath(new URL(`../../dist/src/${path}`, import.meta.url));

/**
 * An ES module script for `node --input-type=module -e`: it builds `simulation`, a Simulation of
 * the bundled reference-cluster-busy scenario (R/100) from dist/ (npm test builds first), then
 * runs `body`.
 */
export function busySimulationScript(body: string): string {
  return `
const { Simulation } = await import(${JSON.stringify(dist('sim/Simulation.js'))});
const { loadScenario } = await import(${JSON.stringify(dist('io/loadScenario.js'))});
const { bundledScenarioPath } = await import(${JSON.stringify(dist('io/bundledScenarios.js'))});
const simulation = new Simulation(loadScenario(bundledScenarioPath('reference-cluster-busy')));
${body}
`;
}

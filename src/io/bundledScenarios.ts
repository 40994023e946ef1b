/** Finds the scenario files bundled in faultline's `sims/` folder, wherever the package is installed or built. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../errors.js';

/** The package's `sims/` folder: the nearest ancestor of this file that has one (src/ in tests, dist/src/ when built). */
export function bundledScenarioDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'sims')) && existsSync(join(dir, 'package.json'))) return join(dir, 'sims');
    const up = dirname(dir);
    if (up === dir) throw new FaultlineError('IO', 'cannot find the bundled sims/ folder above the installed faultline');
    dir = up;
  }
}

/** Paths of the bundled scenario files, sorted by name. */
export function bundledScenarioPaths(): string[] {
  const dir = bundledScenarioDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Path of the bundled scenario `name` (file `sims/<name>.json`). */
export function bundledScenarioPath(name: string): string {
  const path = join(bundledScenarioDir(), `${name}.json`);
  if (!existsSync(path)) {
    const known = bundledScenarioPaths().map((p) => p.slice(p.lastIndexOf('/') + 1, -'.json'.length));
    throw new FaultlineError('IO', `no bundled scenario ${JSON.stringify(name)} (bundled: ${known.join(', ')})`);
  }
  return path;
}

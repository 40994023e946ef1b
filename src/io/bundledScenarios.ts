/** Finds the scenario files bundled in faultline's `sims/` folder, wherever the package is installed or built. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../errors.js';

/** The package's root: the nearest ancestor of this file with package.json and sims/ (src/ in tests, dist/src/ when built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'sims')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new FaultlineError('IO', 'cannot find the bundled sims/ folder above the installed faultline');
    dir = up;
  }
}

/** The package's `sims/` folder. */
export function bundledScenarioDir(): string {
  return join(packageRoot(), 'sims');
}

/** faultline's version, from its package.json. */
export function faultlineVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
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

// Enforces the import directions of docs/architecture.md and its ban on ambient nondeterminism, by reading every
// file under src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

// Which layers each layer may import. `errors` (the FaultlineError root) and `math` (special
// functions: a pure leaf) are shared by every layer; docs/architecture.md lists the rest.
const shared = ['errors', 'math'];
const allowed: Record<string, string[]> = {
  errors: [],
  math: ['errors'],
  random: shared,
  engine: shared,
  stats: shared,
  analytic: shared,
  scenario: [...shared, 'analytic'],
  sim: [...shared, 'engine', 'random', 'scenario', 'stats'],
  run: [...shared, 'sim', 'stats', 'io', 'scenario'],
  check: [...shared, 'run', 'analytic', 'stats', 'scenario', 'io'],
  io: [...shared, 'scenario', 'stats'],
  report: [...shared, 'io'],
  index: ['errors', 'math', 'random', 'engine', 'stats', 'analytic', 'scenario', 'sim', 'run', 'check', 'io', 'report'],
  cli: ['index'],
};
// Folders of a layer that another may import without the rest of it: a distribution's moments
// and CDF (random/distributions) are pure functions of its parameters, which validation (a
// heartbeat law's mean) and the checks (a law's CDF at the horizon) need; streams and generators,
// the randomness, stay out of scenario/ and check/.
const partlyAllowed: Record<string, string[]> = {
  scenario: ['random/distributions'],
  check: ['random/distributions'],
};
// Packages that only one layer may import.
const packageOwners: Record<string, string> = { seedrandom: 'random', zod: 'scenario', piscina: 'run', 'fast-csv': 'io', commander: 'cli', 'cli-progress': 'cli' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a path under src/ belongs to: its top folder, or the file name for top-level files. */
function layerOf(path: string): string {
  const first = relative(src, path).split(sep)[0] ?? '';
  return first.replace(/\.[jt]s$/, '');
}

/** Modules re-exported (`export … from`), and local names imported from a module then exported (`import { a } …; export { a }`). */
function reexportsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/export\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s*from\s*['"]([^'"]+)['"]/g)) found.push(m[1] as string);
  const importedFrom = new Map<string, string>();
  for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    for (const part of (m[1] as string).split(',')) {
      const local = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).at(-1)?.trim();
      if (local) importedFrom.set(local, m[2] as string);
    }
  }
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*;/g)) {
    for (const part of (m[1] as string).split(',')) {
      const local = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]?.trim();
      const from = local === undefined ? undefined : importedFrom.get(local);
      if (from !== undefined) found.push(from);
    }
  }
  return found;
}

// Node built-ins that reach the file system, the process, the environment or the machine: only
// cli/, io/ and run/ may use them (the global `process` included). Pure ones (path, url) are free.
const systemModules = ['fs', 'fs/promises', 'child_process', 'process', 'os', 'worker_threads', 'v8', 'net', 'http', 'https', 'cluster', 'readline', 'tty', 'dgram', 'dns', 'inspector', 'perf_hooks'];
// report/ reads a results folder and writes report.html.
const systemLayers = ['cli', 'io', 'run', 'report'];

// Inside sim/: the kernel knows gates only by their interface; gates, behaviours and measures
// know the kernel, not one another; Plan.ts, the composition root, knows them all.
const simAllowed: Record<string, string[]> = {
  kernel: ['kernel', 'gates/Gate'],
  gates: ['gates', 'kernel'],
  behaviours: ['behaviours', 'kernel'],
  metrics: ['metrics', 'kernel'],
  workload: ['workload', 'kernel'],
  detectors: ['detectors', 'kernel', 'gates/Gate'],
  // An election under partitions reads who reaches whom: the network's type (Plan.ts hands it over).
  election: ['election', 'kernel', 'gates/Network'],
  pipeline: ['pipeline', 'kernel'],
  reflections: ['reflections', 'kernel'],
  recovery: ['recovery', 'kernel'],
  '': ['', 'kernel'],
};

function simPart(path: string): string {
  const rest = relative(join(src, 'sim'), path).split(sep);
  return rest.length === 1 ? '' : (rest[0] as string);
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    found.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return found;
}

const files = sourceFiles(src);

describe('architecture (docs/architecture.md)', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('every layer under src/ is one docs/architecture.md knows', () => {
    const unknown = files.map(layerOf).filter((layer) => !(layer in allowed));
    expect(unknown).toEqual([]);
  });

  it('imports point only in the allowed directions', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const to = layerOf(target);
          const partly = (partlyAllowed[from] ?? []).some((folder) => target.startsWith(join(src, folder) + sep));
          if (to !== from && !(allowed[from] ?? []).includes(to) && !partly) {
            violations.push(`${relative(root, file)} imports ${spec} (${from} → ${to})`);
          }
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
          const owner = packageOwners[pkg];
          if (owner !== undefined && owner !== from) violations.push(`${relative(root, file)} imports ${pkg}, which only ${owner}/ may`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('no layer reaches another through a re-export (only index.ts, the public API, re-exports)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === 'index') continue;
      for (const spec of reexportsOf(readFileSync(file, 'utf8'))) {
        const to = spec.startsWith('.') ? layerOf(resolve(dirname(file), spec)) : spec;
        if (to !== from) violations.push(`${relative(root, file)} re-exports ${spec} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only cli/, io/, run/ and report/ touch the file system, the process and the environment', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (systemLayers.includes(layer)) continue;
      const text = readFileSync(file, 'utf8');
      for (const spec of importsOf(text)) {
        if (systemModules.includes(spec.replace(/^node:/, ''))) violations.push(`${relative(root, file)} imports ${spec}`);
      }
      if (/(^|[^.\w])process\.\w/m.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) violations.push(`${relative(root, file)} uses the global process`);
    }
    expect(violations).toEqual([]);
  });

  it('inside sim/: gates, behaviours and measures know the kernel, not one another (Plan.ts composes them)', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => layerOf(f) === 'sim' && !f.endsWith(`kernel${sep}Plan.ts`))) {
      const from = simPart(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (layerOf(target) !== 'sim') continue;
        const to = simPart(target);
        const toFile = `${to}/${relative(join(src, 'sim', to), target).replace(/\.js$/, '')}`;
        if (!(simAllowed[from] ?? []).some((a) => a === to || toFile === a)) violations.push(`${relative(root, file)} imports ${spec} (sim/${from} → sim/${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the re-export reader sees both forms (self-check)', () => {
    const sample = "export { a } from '../a.js';\nexport type { B } from './b.js';\nexport * from '../c.js';\nimport { d, e as f } from '../d.js';\nexport { f };";
    expect(reexportsOf(sample)).toEqual(['../a.js', './b.js', '../c.js', '../d.js']);
  });

  it('no Math.random, Date.now or performance.now outside cli/ and run/progress', () => {
    const offenders = files
      .filter((f) => !relative(src, f).startsWith(`cli${sep}`) && !relative(src, f).startsWith(`run${sep}progress`))
      .filter((f) => /\b(Math\.random|Date\.now|performance\.now)\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the import reader sees every form of import (self-check)', () => {
    const sample = "import a from './a.js';\nimport { b } from \"../b.js\";\nexport * from './c.js';\nimport type { D } from './d.js';\nconst e = await import('./e.js');\nimport './f.js';";
    expect(importsOf(sample)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js']);
  });
});

// Enforces DESIGN.md's import directions and its ban on ambient nondeterminism, by reading every
// file under src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

// Which layers each layer may import. `errors` (the FaultlineError root) and `math` (special
// functions: a pure leaf) are shared by every layer; DESIGN.md's table lists the rest.
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
  run: [...shared, 'sim', 'stats', 'io'],
  check: [...shared, 'run', 'analytic', 'stats'],
  io: [...shared, 'scenario', 'stats'],
  index: ['errors', 'math', 'random', 'engine', 'stats', 'analytic', 'scenario', 'sim', 'run', 'check', 'io'],
  cli: ['index'],
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

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    found.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return found;
}

const files = sourceFiles(src);

describe('architecture (DESIGN.md)', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('every layer under src/ is one DESIGN.md knows', () => {
    const unknown = files.map(layerOf).filter((layer) => !(layer in allowed));
    expect(unknown).toEqual([]);
  });

  it('imports point only in the allowed directions', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const to = layerOf(resolve(dirname(file), spec));
          if (to !== from && !(allowed[from] ?? []).includes(to)) {
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

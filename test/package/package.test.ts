import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * faultline as another project sees it: the package is packed with `npm pack` (the files a
 * registry would get), installed into an empty project, and imported by name, from JavaScript
 * (run, including a worker thread) and from TypeScript (type-checked against the shipped
 * declarations). Needs the build (`npm test` builds first).
 */
const root = resolve(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let project = '';

beforeAll(() => {
  if (!existsSync(join(root, 'dist/src/index.js'))) throw new Error('dist/src/index.js is missing: run `npm run build` (npm test does) before this test');
  project = mkdtempSync(join(tmpdir(), 'faultline-package-'));
  execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball in ${project}`);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', join(project, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: project, stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('imports by name and runs a Monte Carlo study, a check and the analytic namespace', () => {
    writeFileSync(
      join(project, 'consumer.mjs'),
      `import { loadScenario, bundledScenarioPath, runMonteCarlo, check, analytic, published, lognormal } from 'faultline';
const scenario = loadScenario(bundledScenarioPath('tmr'));
const mc = await runMonteCarlo(scenario, { seed: 7, replications: 200, confidence: 0.95, workers: 1 });
const { rows } = await check(scenario, { seed: 7, replications: 200, confidence: 0.95, workers: 1 });
const law = analytic.lognormalFromMeanSd(2, 1);
console.log(JSON.stringify({
  replications: mc.accumulator.replications,
  checked: rows.length,
  verdicts: [...new Set(rows.map((r) => r.verdict))].sort(),
  survival: analytic.lognormalSurvival(law, 2),
  distribution: typeof lognormal,
  publishedModels: Object.keys(published).length > 0,
  ctmc: typeof analytic.ctmc.steadyState,
}));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['consumer.mjs'], { cwd: project, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out.replications).toBe(200);
    expect(out.checked as number).toBeGreaterThan(0);
    expect(out.verdicts).not.toContain('refuted');
    expect(out.survival as number).toBeGreaterThan(0);
    expect(out.survival as number).toBeLessThan(1);
    expect(out.distribution).toBe('function');
    expect(out.publishedModels).toBe(true);
    expect(out.ctmc).toBe('function');
  }, 60_000);

  it('type-checks a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { loadScenario, runMonteCarlo, check, analytic, type Scenario, type CheckRow } from 'faultline';
const scenario: Scenario = loadScenario('x.json');
const rows: Promise<{ rows: readonly CheckRow[] }> = check(scenario, { seed: 1, confidence: 0.95 });
const a: number = analytic.kOfNSteadyAvailability({ count: 3, atLeast: 2, mttf: 10, mttr: 1 }).up;
void runMonteCarlo; void rows; void a;
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['consumer.ts'] }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 60_000);
});

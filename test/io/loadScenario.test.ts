import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledScenarioPath, bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { Simulation } from '../../src/sim/Simulation.js';

describe('bundled scenarios', () => {
  const paths = bundledScenarioPaths();

  it('are all there', () => {
    const names = paths.map((p) => p.slice(p.lastIndexOf('/') + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'reference-cluster.json',
        'reference-cluster-norepair.json',
        'reference-network.json',
        'federated-sources.json',
        'kafka-rf3.json',
        'dataquarantine.json',
        'tmr.json',
        'tmr-one-crew.json',
      ]),
    );
  });

  it.each(paths)('%s validates and runs, with sane metrics', (path) => {
    const scenario = loadScenario(path);
    expect(path.endsWith(`${scenario.name}.json`)).toBe(true);
    const sim = new Simulation(scenario);
    for (let rep = 0; rep < (scenario.workload === undefined && scenario.detectors === undefined && scenario.pipeline === undefined ? 20 : 2); rep++) {
      const r = sim.replicate(1, rep);
      for (const s of Object.values(r.services)) {
        expect(s.availability).toBeGreaterThanOrEqual(0);
        expect(s.availability).toBeLessThanOrEqual(1);
        expect(s.pointUp).toHaveLength(scenario.grid.length);
        expect(s.windowUp).toHaveLength(scenario.windows.length);
        for (const w of s.windowUp) expect(w >= 0 && w <= 1).toBe(true);
      }
      for (const g of Object.values(r.groups)) for (const u of g.componentUp) expect(u >= 0 && u <= 1 + 1e-12).toBe(true);
    }
  });

  it('names the bundled ones when asked for one that does not exist', () => {
    // Sorted, comma-separated (a few names as landmarks: new scenarios need not touch this line).
    expect(() => bundledScenarioPath('nope')).toThrow(/no bundled scenario "nope" \(bundled: bft-queries, bft-vs-crash, breaker-fallback, [^)]*dataquarantine-breaker, [^)]*, executor-queue, [^)]*kafka-rf3/);
  });
});

describe('loadScenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-'));

  it('names the file when it cannot be read', () => {
    expect(() => loadScenario(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the file \(ENOENT\)/);
  });

  it('names the file when it is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "name": "x", }');
    expect(() => loadScenario(path)).toThrow(/broken\.json: not valid JSON/);
  });

  it('names the file and the field when it is not a valid scenario', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ name: 'bad', description: 'x', horizon: 10, groups: {}, services: {}, extra: 1 }));
    expect(() => loadScenario(path)).toThrow(/bad\.json: extra: unknown field, got 1/);
  });
});

// Bad input is refused up front: `validate` finds everything `run` would, with exit 2, a message
// naming the file, the JSON path and the value, and never a stack trace; huge and deep inputs are
// refused quickly by documented limits.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/runScenario.js';
import { LIMITS } from '../../src/scenario/limits.js';
import { validateForSimulation } from '../../src/sim/checkScenario.js';
import { faultline, hasStackTrace, smallScenario, tempDir, writeScenario } from '../support/cli.js';

const dir = tempDir('bad-input');

/** A services chain s0 ← s1 ← … of `n` services, each using the one before. */
function chain(n: number): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) services[`s${i}`] = { all: [i === 0 ? 'modules' : `s${i - 1}`] };
  return smallScenario((s) => (s['services'] = services));
}

const fullMesh = (count: number) =>
  smallScenario((s) => {
    s['groups'].modules.count = count;
    s['network'] = { fullMesh: ['modules'], link: { availability: 0.999, mttr: '1h' } };
  });

// Each file, and what the error must say (after "<file>: ").
const cases: [string, unknown, RegExp][] = [
  ['uniform-min-above-max', smallScenario((s) => (s['groups'].modules.failure = { type: 'uniform', min: 500, max: 300 })), /groups\.modules\.failure\.max: expected a finite number > min = 500, got 300/],
  ['truncated-normal-underflow', smallScenario((s) => (s['groups'].modules.repair = { type: 'truncatedNormal', mean: -1000, sd: 1 })), /groups\.modules\.repair\.mean: expected a number >= -37/],
  ['lognormal-infinite', smallScenario((s) => (s['groups'].modules.repair = { type: 'lognormal', mu: 700, sigma: 2 })), /groups\.modules\.repair: expected .*finite/],
  ['weibull-infinite', smallScenario((s) => (s['groups'].modules.failure = { type: 'weibull', shape: 0.001, scale: 1000 })), /groups\.modules\.failure: expected .*finite/],
  ['count-overflow', smallScenario((s) => (s['groups'].modules.count = 3e9)), /groups\.modules\.count: expected at most 100000 components/],
  ['mesh-1e6', fullMesh(1_000_000), /expected at most 100000 components|network\.fullMesh: expected at most 100000 links/],
  ['mesh-1000', fullMesh(1000), /network\.fullMesh: expected at most 100000 links, got 499500/],
  ['grid-times', smallScenario((s) => (s['grid'] = { times: Array.from({ length: 100_000 }, (_, i) => i / 100) })), /grid\.times: expected at most 10000 grid times, got 100000/],
  ['windows', smallScenario((s) => (s['windows'] = Array.from({ length: 100_000 }, () => '1h'))), /windows: expected at most 100 windows, got 100000/],
  ['edges', smallScenario((s) => (s['network'] = { edges: Array.from({ length: 100_001 }, () => ['modules/0', 'modules/1']), link: { availability: 0.999, mttr: '1h' } })), /network\.edges: expected at most 100000 links, got 100001/],
  ['members', smallScenario((s) => (s['services'] = { big: { all: Array.from({ length: 100_000 }, () => 'modules') } })), /services\.big\.all: expected at most 1000 members, got 100000/],
  ['event-storm', smallScenario((s) => { s['groups'].modules.failure = { type: 'exponential', mean: 1e-9 }; s['groups'].modules.repair = { type: 'exponential', mean: 1e-9 }; }), /groups\.modules: expected at most 10000000 events per replication \(--max-events\), got about [\d.e+]+/],
  ['services-chain', chain(20_000), /services: expected at most 1000 services, got 20000/],
  ['horizon', smallScenario((s) => (s['horizon'] = 1e300)), /horizon: expected at most 1000000000 hours/],
  ['crew-overflow', smallScenario((s) => { s['crews'] = { ops: 3e9 }; s['groups'].modules.crew = 'ops'; }), /crews\.ops: expected at most 100000 repairers/],
];

describe('validate refuses what run would refuse, exit 2, path-named, no stack trace', () => {
  // One `validate` of every file: each problem is reported under its own file's name.
  const paths = cases.map(([name, json]) => writeScenario(dir, name, json));
  const all = faultline(['validate', ...paths]);

  it('exit 2, no stack trace, nothing passed', () => {
    expect(all.status).toBe(2);
    expect(hasStackTrace(all.stderr)).toBe(false);
    expect(all.stdout).toBe('');
  });

  it.each(cases.map((c, i) => [c[0], c[2], paths[i] as string] as const))('%s', (_name, message, path) => {
    const report = all.stderr.split(/\n(?=\/)/).find((block) => block.startsWith(`${path}: `)) ?? '';
    expect(report).toMatch(message);
  });

  it('a JSON value nested 10^4 deep: a clear error naming the depth limit, no RangeError', () => {
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const text = JSON.stringify(smallScenario()).replace('"grid":{"step":"730h"}', `"grid":{"step":"730h"},"windows":${deep}`);
    const path = writeScenario(dir, 'deep', text);
    const run = faultline(['validate', path]);
    expect(run.stderr).toMatch(/windows(\.0)+…?: expected a value nested at most 32 levels deep/);
    expect(run.status).toBe(2);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('the largest accepted chain of services validates and runs (no recursion on its depth)', () => {
    const path = writeScenario(dir, 'chain-1000', chain(LIMITS.services));
    expect(faultline(['validate', path]).status).toBe(0);
    // The simulation compiles and runs it, as a worker would.
    expect(runScenario(validateForSimulation(chain(LIMITS.services)), { seed: 1, replications: 20 }).replications).toBe(20);
  });

  it('run refuses bad input before simulating: exit 2, not a worker failure (exit 1)', () => {
    const path = writeScenario(dir, 'uniform-bad-run', cases[0]?.[1]);
    const run = faultline(['run', path, '--reps', '10', '--out', tempDir('bad-run')]);
    expect(run.stderr).toMatch(/groups\.modules\.failure\.max: expected/);
    expect(run.stderr).not.toMatch(/run failed/);
    expect(run.status).toBe(2);
  });

  it('an event storm the mean cannot foresee stops at --max-events, naming the limit and how to raise it (exit 2)', () => {
    // Heavy-tailed: the means (e^3 h) promise a few thousand events; the medians (e^-25 h) flood.
    const storm = smallScenario((s) => {
      s['groups'].modules.failure = { type: 'lognormal', mu: -25, sigma: 7.5 };
      s['groups'].modules.repair = { type: 'lognormal', mu: -25, sigma: 7.5 };
    });
    const path = writeScenario(dir, 'hidden-storm', storm);
    const run = faultline(['run', path, '--reps', '2', '--workers', '1', '--max-events', '100000', '--out', tempDir('storm')]);
    expect(run.stderr).toMatch(/small: seed 1, rep \d+: more than 100000 events in one replication; raise the limit with --max-events/);
    expect(run.status).toBe(2);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});

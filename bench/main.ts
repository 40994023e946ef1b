/**
 * `npm run bench`: prints one JSON line per case (figures, never assertions). Cases: the seedrandom
 * generators (draws/s, stream derivations/s), the engine on scenario R/100 (events/s) and R
 * (replications/s), and the C++ reference loop of ../shared/bench run in the same sitting, so that
 * the engine's figures are reported as ratios to it; and the coverage of the 99% intervals per
 * regime of rare outages (`coverage`, docs/statistics.md's table); the fast path against the previous
 * commit built in a temporary folder (`fastpath`), networks (`network`), and young-generation
 * collections per million events (`allocation`), and the workload layer (`workload`: events/s and
 * queries/s of query scenarios beside a hand-written M/M/c-with-timeouts loop), failure detectors
 * (`detectors`) and the pipeline (`pipeline`: messages/s simulated by the dataquarantine scenarios).
 *
 * Usage: npm run bench [-- --quick] [-- --only generator,lean,engine,reference,fastpath,network,runner,coverage,validation,allocation,workload,detectors,pipeline] [-- --baseline <rev>]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kOfNGroupsUnavailability } from '../src/analytic/kOfNGroups.js';
import { kOfNGroupsOf } from '../src/check/kOfNGroupsOf.js';
import { allocationFigure } from './allocation.js';
import { buildBaseline } from './baseline.js';
import { COVERAGE_REGIMES, coverageRows } from './coverage.js';
import { leanLoop } from './leanLoop.js';
import { mmcLoop, mmcScenario, timeWorkload } from './workload.js';
import { bundled, meshScenario, timeScenario } from './network.js';
import { Engine } from '../src/engine/Engine.js';
import { generators, type GeneratorName } from '../src/random/generators.js';
import { ReloadableTychei } from '../src/random/ReloadableTychei.js';
import { StreamDeriver, StreamKey } from '../src/random/streams.js';
import { runChunk } from '../src/run/runChunk.js';
import { ScenarioAccumulator } from '../src/run/ScenarioAccumulator.js';
import { SIMULATION_V8_FLAGS } from '../src/run/v8Tuning.js';
import { validateScenario } from '../src/scenario/validateScenario.js';
import { checkScenario } from '../src/sim/checkScenario.js';
import { Simulation } from '../src/sim/Simulation.js';
import { largestScenario } from './largestScenario.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg !== undefined ? new Set(onlyArg.split(',')) : undefined;
const wanted = (name: string): boolean => only === undefined || only.has(name);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Raw draw speed, and the cost of deriving a fresh stream (what each replication pays per stream). */
function benchGenerators(): void {
  const drawsN = quick ? 2_000_000 : 20_000_000;
  const derivationsN = quick ? 100_000 : 1_000_000;
  for (const name of Object.keys(generators) as GeneratorName[]) {
    const deriver = new StreamDeriver(1, name);
    const key = new StreamKey('executors/0', 'ttf');
    const stream = deriver.replication(0).stream(key);
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += stream();
    let start = process.hrtime.bigint();
    for (let i = 0; i < drawsN; i++) sink += stream();
    const drawSeconds = seconds(start);
    const n = name === 'arc4' ? derivationsN / 10 : derivationsN; // ARC4's key schedule is slow
    start = process.hrtime.bigint();
    for (let rep = 0; rep < n; rep++) sink += deriver.replication(rep).stream(key)();
    const deriveSeconds = seconds(start);
    emit({
      case: 'generator',
      generator: name,
      draws_per_second: Math.round(drawsN / drawSeconds),
      derivations_per_second: Math.round(n / deriveSeconds),
      checksum: sink,
    });
  }
  // What simulations use: Tyche-i reloaded in place (the same numbers as seedrandom's tychei).
  const deriver = new StreamDeriver(1);
  const key = new StreamKey('executors/0', 'ttf');
  const target = new ReloadableTychei();
  let sink = 0;
  let start = process.hrtime.bigint();
  for (let i = 0; i < drawsN; i++) sink += target.draw();
  const drawSeconds = seconds(start);
  start = process.hrtime.bigint();
  for (let rep = 0; rep < derivationsN; rep++) {
    deriver.replication(rep).loadInto(key, target);
    sink += target.draw();
  }
  emit({
    case: 'generator',
    generator: 'tychei (ReloadableTychei, loadInto)',
    draws_per_second: Math.round(drawsN / drawSeconds),
    derivations_per_second: Math.round(derivationsN / seconds(start)),
    checksum: sink,
  });
}

/**
 * The engine alone: nine pending events, each handler reschedules its target after a delay read
 * from a precomputed table, so no random draw or logarithm is timed. The gap between this and
 * the R/100 case is what the model, the stream and Math.log1p cost.
 */
function benchEngineOnly(events: number): void {
  const u = new ReloadableTychei();
  u.load(1, 2, 3, 4);
  const delays = Float64Array.from({ length: 1 << 16 }, () => -Math.log1p(-u.draw()) * 50);
  const run = (): number => {
    const engine = new Engine();
    let k = 0;
    const kind = engine.on((target) => {
      engine.schedule(delays[k++ & 0xffff] as number, kind, target);
    });
    for (let c = 0; c < 9; c++) engine.schedule(delays[c] as number, kind, c);
    const start = process.hrtime.bigint();
    engine.runUntil((events * 50) / 9);
    return engine.eventsProcessed / seconds(start);
  };
  run();
  emit({ case: 'engine-only', pending: 9, events, events_per_second: Math.round(median([run(), run(), run()])) });
}

interface EngineFigures {
  readonly events_per_second: number;
  readonly reps_per_second: number;
  /** The fastest timed run: on a shared machine, the one least disturbed. */
  readonly best_events_per_second: number;
}

/**
 * Scenario R of issue 2, as a scenario: 3 coordinators (exponential MTTF 8760 h) and 6 executors
 * (4380 h), exponential repair with mean 4 h each, independent repair; the system is up iff at
 * least 2 of 3 coordinators and 2 of 6 executors are up; one year. `mttfDivisor` 100 gives R/100.
 * One service and the default grid: the bundled sims/reference-cluster.json measures more.
 */
function scenarioR(mttfDivisor: number) {
  const group = (kind: string, count: number, mttf: number) => ({
    kind,
    count,
    failure: { type: 'exponential', mean: mttf / mttfDivisor },
    repair: { type: 'exponential', mean: 4 },
  });
  return validateScenario({
    name: mttfDivisor === 1 ? 'R' : `R-over-${mttfDivisor}`,
    description: 'benchmark scenario R (issue 2)',
    horizon: 8760,
    groups: { coordinators: group('coordinator', 3, 8760), executors: group('executor', 6, 4380) },
    services: { system: { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: 2 } } },
  });
}

/**
 * Runs in a child process (`--engine-child divisor reps`): the engine on scenario R through
 * `runChunk`, the code a worker thread runs (one compiled Simulation per scenario, reused across
 * chunks), after a warm-up; prints one JSON line per timed run.
 */
function engineChild(mttfDivisor: number, reps: number): void {
  const scenario = scenarioR(mttfDivisor);
  runChunk({ scenario, seed: 99, firstRep: 0, count: Math.min(reps, 20_000), perRep: false }); // JIT warm-up
  const exactU = kOfNGroupsUnavailability(kOfNGroupsOf(scenario, 'system'));
  for (const seed of [1, 2, 3]) {
    const start = process.hrtime.bigint();
    const chunk = runChunk({ scenario, seed, firstRep: 0, count: reps, perRep: false });
    const wall = seconds(start);
    const accumulator = new ScenarioAccumulator(scenario).mergeState(chunk.accumulator);
    const { moments: downtime } = accumulator.of('system.downtime_hours');
    const span = scenario.horizon - scenario.warmup;
    const unavailability = { mean: downtime.mean / span, standardError: downtime.standardError / span };
    emit({
      run: seed,
      reps,
      events: accumulator.events,
      seconds: wall,
      events_per_second: Math.round(accumulator.events / wall),
      reps_per_second: Math.round(reps / wall),
      availability: 1 - unavailability.mean,
      unavailability: unavailability.mean,
      unavailability_std_error: unavailability.standardError,
      exact_steady_state_availability: 1 - exactU,
    });
  }
}

/**
 * The engine case, in a fresh process per scenario and V8 setting, so that no other case's code
 * shares its JIT state: `v8: "faultline"` runs with the flags faultline's runners apply
 * (SIMULATION_V8_FLAGS, see src/run/v8Tuning.ts), `v8: "node-defaults"` with none.
 */
function benchEngine(
  label: string,
  mttfDivisor: number,
  reps: number,
  v8: 'faultline' | 'node-defaults',
  script = fileURLToPath(import.meta.url),
  record: Record<string, unknown> = { case: 'engine' },
): EngineFigures {
  const flags = v8 === 'faultline' ? SIMULATION_V8_FLAGS : [];
  const text = execFileSync(process.execPath, [...flags, script, '--engine-child', String(mttfDivisor), String(reps)], {
    encoding: 'utf8',
  });
  const runs = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { events_per_second: number; reps_per_second: number });
  for (const run of runs) emit({ ...record, scenario: label, v8, ...run });
  return {
    events_per_second: median(runs.map((r) => r.events_per_second)),
    reps_per_second: median(runs.map((r) => r.reps_per_second)),
    best_events_per_second: Math.max(...runs.map((r) => r.events_per_second)),
  };
}

function benchReference(args: string[]): EngineFigures | undefined {
  const script = process.env.FAULTLINE_REFERENCE_LOOP ?? resolve(repoRoot, '../shared/bench/run-reference-loop');
  if (!existsSync(script)) {
    emit({ case: 'reference', skipped: `no reference loop at ${script}` });
    return undefined;
  }
  const lines = execFileSync(script, args, { encoding: 'utf8' }).trim().split('\n');
  const runs = lines.map((line) => JSON.parse(line) as { events_per_s: number; reps_per_s: number });
  for (const line of lines) emit({ case: 'reference', ...(JSON.parse(line) as object) });
  return {
    events_per_second: median(runs.map((r) => r.events_per_s)),
    reps_per_second: median(runs.map((r) => r.reps_per_s)),
    best_events_per_second: Math.max(...runs.map((r) => r.events_per_s)),
  };
}

const engineChildAt = args.indexOf('--engine-child');
if (engineChildAt >= 0) {
  engineChild(Number(args[engineChildAt + 1]), Number(args[engineChildAt + 2]));
  process.exit(0);
}
const leanChildAt = args.indexOf('--lean-child');
if (leanChildAt >= 0) {
  const log = args[leanChildAt + 1] === 'log1p' ? 'log1p' : 'faultline';
  const divisor = Number(args[leanChildAt + 2]);
  const reps = Number(args[leanChildAt + 3]);
  leanLoop(divisor, Math.min(reps, 20_000), 99, log); // JIT warm-up
  const start = process.hrtime.bigint();
  const result = leanLoop(divisor, reps, 1, log);
  const wall = seconds(start);
  emit({
    reps,
    events: result.events,
    seconds: wall,
    events_per_second: Math.round(result.events / wall),
    reps_per_second: Math.round(reps / wall),
    availability: result.uptime / (reps * 8760),
  });
  process.exit(0);
}

if (wanted('generator')) benchGenerators();
const busyReps = quick ? 2_000 : 20_000;
const yearReps = quick ? 50_000 : 500_000;
const refBusy = wanted('reference') ? benchReference(['--scale', '100', '--reps', String(busyReps), '--repeat', '3']) : undefined;
const refYear = wanted('reference')
  ? benchReference(['--scale', '1', '--reps', String(yearReps * 2), '--repeat', '3', '--seeding', 'perrep'])
  : undefined;
if (wanted('lean')) {
  // Each variant in its own process: one loop body calling two logarithms would be polymorphic.
  for (const log of ['log1p', 'faultline'] as const) {
    for (const [label, divisor, reps] of [['R/100', 100, busyReps], ['R', 1, yearReps]] as const) {
      const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--lean-child', log, String(divisor), String(reps)], { encoding: 'utf8' });
      emit({ case: 'lean-js-loop', scenario: label, log, ...(JSON.parse(line) as object) });
    }
  }
}
if (wanted('engine')) benchEngineOnly(quick ? 1_000_000 : 10_000_000);
if (wanted('engine')) {
  for (const v8 of ['faultline', 'node-defaults'] as const) {
    const busy = benchEngine('R/100', 100, busyReps, v8);
    const year = benchEngine('R', 1, yearReps, v8);
    emit({
      case: 'ratio',
      v8,
      note: 'median of 3 runs each; targets: R/100 events/s >= 0.5x reference, R reps/s >= 0.2x reference',
      r100_events_per_second: Math.round(busy.events_per_second),
      r_reps_per_second: Math.round(year.reps_per_second),
      r100_events_ratio: refBusy ? busy.events_per_second / refBusy.events_per_second : null,
      r_reps_ratio: refYear ? year.reps_per_second / refYear.reps_per_second : null,
    });
  }
}

/**
 * The fast path against the previous commit, in this sitting (issue 12): R/100 through runChunk,
 * this build and the baseline's alternately, three timed runs each per round, two rounds. The
 * baseline is `--baseline <rev>`, by default the last commit when src/ has uncommitted changes and
 * the one before it otherwise, so that the figure compares a change with what it changed.
 */
function benchFastPath(): void {
  const dirty = execFileSync('git', ['-C', repoRoot, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
  const given = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
  const baseline = buildBaseline(repoRoot, given ?? (dirty ? 'HEAD' : 'HEAD^'));
  if ('skipped' in baseline) {
    emit({ case: 'fastpath', skipped: baseline.skipped });
    return;
  }
  try {
    const now: number[] = [];
    const before: number[] = [];
    const script = join(baseline.root, 'dist/bench/main.js');
    for (let round = 0; round < 3; round++) {
      now.push(benchEngine('R/100', 100, busyReps, 'faultline', undefined, { case: 'fastpath-run', build: 'this' }).best_events_per_second);
      before.push(benchEngine('R/100', 100, busyReps, 'faultline', script, { case: 'fastpath-run', build: baseline.commit.slice(0, 12) }).best_events_per_second);
    }
    const thisBuild = Math.max(...now);
    const previous = Math.max(...before);
    emit({
      case: 'fastpath',
      scenario: 'R/100',
      baseline: baseline.commit.slice(0, 12),
      events_per_second: Math.round(thisBuild),
      baseline_events_per_second: Math.round(previous),
      ratio_to_baseline: thisBuild / previous,
      ratio_to_reference: refBusy ? thisBuild / refBusy.best_events_per_second : null,
      note: 'best of 9 runs each, alternating builds (the least disturbed run on a shared machine); targets: ratio_to_baseline >= 0.95, ratio_to_reference >= 0.5',
    });
  } finally {
    baseline.remove();
  }
}

if (wanted('fastpath')) benchFastPath();

/**
 * Networks (issue 12): `reference-network` against `reference-cluster-busy`, alternately, best of
 * three each (the ratio the issue sets at >= 0.5), then full meshes of 10 to 100 nodes, whose cost
 * per event must not grow with the number of links.
 */
function benchNetwork(): void {
  const scale = quick ? 10 : 1;
  const network: number[] = [];
  const busy: number[] = [];
  for (let round = 0; round < 3; round++) {
    busy.push(timeScenario('reference-cluster-busy', bundled('reference-cluster-busy'), 6000 / scale).eventsPerSecond);
    network.push(timeScenario('reference-network', bundled('reference-network'), 40_000 / scale).eventsPerSecond);
  }
  emit({
    case: 'network',
    scenario: 'reference-network',
    events_per_second: Math.round(Math.max(...network)),
    busy_events_per_second: Math.round(Math.max(...busy)),
    ratio_to_busy: Math.max(...network) / Math.max(...busy),
    note: 'best of 3 alternating runs each, one process per run; target: ratio_to_busy >= 0.5',
  });
  for (const [nodes, reps] of [[10, 20_000], [20, 5000], [40, 1200], [60, 500], [100, 200]] as const) {
    const f = timeScenario(`mesh-${nodes}`, meshScenario(nodes), Math.max(2, Math.round(reps / scale)));
    emit({
      case: 'network-mesh',
      nodes,
      links: (nodes * (nodes - 1)) / 2,
      replications: f.replications,
      events_per_replication: Math.round(f.events / f.replications),
      events_per_second: Math.round(f.eventsPerSecond),
      ns_per_event: Math.round(1e9 / f.eventsPerSecond),
      seconds_per_replication: Number(f.secondsPerReplication.toPrecision(3)),
    });
  }
}

if (wanted('network')) benchNetwork();

/** `faultline run` as a user runs it: wall time, speed-up from 1 to 2 workers, and peak memory. */
function benchRunner(): void {
  const cli = resolve(repoRoot, 'dist/src/cli/main.js');
  const out = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const run = (reps: number, workers: number) => {
    const text = execFileSync(process.execPath, [cli, 'run', 'reference-cluster', '--reps', String(reps), '--workers', String(workers), '--out', out, '--json'], {
      encoding: 'utf8',
    });
    const [result] = JSON.parse(text) as { wall_seconds: number; events_per_second: number; peak_rss_mb: number }[];
    return result as { wall_seconds: number; events_per_second: number; peak_rss_mb: number };
  };
  const reps = quick ? 100_000 : 1_000_000;
  const one = run(reps, 1);
  const two = run(reps, 2);
  emit({
    case: 'runner',
    scenario: 'reference-cluster',
    reps,
    reps_per_second_1_worker: Math.round(reps / one.wall_seconds),
    reps_per_second_2_workers: Math.round(reps / two.wall_seconds),
    speedup: one.wall_seconds / two.wall_seconds,
  });
  for (const n of quick ? [10_000, 100_000] : [100_000, 1_000_000, 3_000_000]) {
    emit({ case: 'runner-memory', scenario: 'reference-cluster', reps: n, workers: 2, peak_rss_mb: Math.round(run(n, 2).peak_rss_mb) });
  }
  rmSync(out, { recursive: true, force: true });
}

if (wanted('runner')) benchRunner();

/** Validating the largest scenario the limits accept (bench/largestScenario.ts): schema, limits, references, distributions, expected events. */
function benchValidation(): void {
  const input = largestScenario();
  const text = JSON.stringify(input);
  const times: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const start = process.hrtime.bigint();
    const scenario = validateScenario(JSON.parse(text), 'largest');
    checkScenario(scenario, 'largest');
    times.push(seconds(start));
  }
  const scenario = validateScenario(input);
  emit({
    case: 'validation',
    scenario: 'largest accepted (bench/largestScenario.ts)',
    file_bytes: text.length,
    components: scenario.groups.reduce((n, g) => n + g.count, 0),
    services: scenario.services.length,
    grid_times: scenario.grid.length,
    median_seconds: median(times),
    note: 'JSON.parse + validateScenario + checkScenario, median of runs; the issue asks for under a second',
  });
}

if (wanted('validation')) benchValidation();

/** The coverage table of docs/statistics.md: the fraction of 99% intervals that contain the exact value, per regime. */
function benchCoverage(): void {
  const runs = quick ? 1000 : 5000;
  for (const regime of COVERAGE_REGIMES) {
    for (const row of coverageRows(regime, 1000, runs)) emit({ case: 'coverage', ...row });
  }
}

if (wanted('coverage')) benchCoverage();

/** Young-generation collections per million events, per bundled scenario, with faultline's V8 setting and Node's defaults. */
function benchAllocation(): void {
  const cases: [string, number][] = [
    ['reference-cluster-busy', quick ? 1000 : 3000],
    ['reference-cluster', quick ? 10_000 : 100_000],
    ['reference-network', quick ? 200 : 2000],
    ['federated-sources', quick ? 2000 : 20_000],
    ['tmr-one-crew', quick ? 10_000 : 50_000],
    ['query-timeouts', quick ? 1 : 4],
    ['retry-storm', quick ? 2 : 10],
  ];
  for (const [name, reps] of cases) {
    for (const [v8, flags] of [['faultline', SIMULATION_V8_FLAGS], ['node-defaults', []]] as const) {
      const f = allocationFigure(name, reps, flags, v8);
      emit({
        case: 'allocation',
        scenario: f.scenario,
        v8: f.v8,
        replications: reps,
        events: f.events,
        scavenges: f.scavenges,
        scavenges_per_million_events: Number(f.scavengesPerMillionEvents.toFixed(2)),
      });
    }
  }
}

if (wanted('allocation')) benchAllocation();

/**
 * The workload layer (issue 13): events/s and queries/s of the bundled query scenarios, and of
 * an M/M/c-with-timeouts scenario beside the same model written by hand (`mmcLoop`), best of
 * three each, one process per faultline run. Target: 3 M events/s for query-timeouts.
 */
function benchWorkload(): void {
  const scale = quick ? 10 : 1;
  const best = (f: () => { events: number; queries: number; seconds: number }) => {
    const runs = [f(), f(), f()];
    return { events_per_second: Math.round(Math.max(...runs.map((r) => r.events / r.seconds))), queries_per_second: Math.round(Math.max(...runs.map((r) => r.queries / r.seconds))) };
  };
  for (const [name, reps] of [['query-timeouts', 4], ['retry-storm', 10], ['retry-storm-budget', 10], ['breaker-fallback', 4], ['memory-admission', 200]] as const) {
    const input = bundled(name);
    emit({ case: 'workload', scenario: name, replications: Math.max(1, Math.round(reps / scale)), ...best(() => timeWorkload(name, input, Math.max(1, Math.round(reps / scale)))) });
  }
  const [servers, lambda, meanSeconds, timeoutSeconds, hours] = [16, 12, 1, 2, 1];
  const fl = best(() => timeWorkload('mmc-timeouts', mmcScenario(servers, lambda, meanSeconds, timeoutSeconds, hours), Math.max(1, Math.round(20 / scale))));
  const hand = best(() => mmcLoop(servers, lambda * 3600, 3600 / meanSeconds, timeoutSeconds / 3600, hours, Math.max(1, Math.round(20 / scale))));
  emit({ case: 'workload', scenario: 'mmc-timeouts', ...fl, note: `M/M/${servers}, λ = ${lambda}/s, mean ${meanSeconds} s, timeout ${timeoutSeconds} s` });
  emit({ case: 'workload-hand-loop', scenario: 'mmc-timeouts', ...hand, ratio: fl.events_per_second / hand.events_per_second, note: 'the same model as a hand-written JS loop (typed-array heap, xorshift32); ratio = faultline / hand' });
}

if (wanted('workload')) benchWorkload();

/**
 * Failure detectors (issue 14): heartbeat-loss (seed 001's monitor, 5 coordinators, ℓ = 0.2)
 * with the shortcut (`auto`: no heartbeat is an event, the loss draws are a loop), with every
 * heartbeat an event (`full`), and without its detector; and phi-accrual (every heartbeat an
 * event); the same with jittered heartbeats, and phi-jitter. Events/s and replications/s, best of three; `slowdown` = time per replication over the
 * same scenario without detectors.
 */
function benchDetectors(): void {
  const time = (input: Record<string, unknown>, reps: number) => {
    const sim = new Simulation(validateScenario(input));
    let best = Infinity;
    let events = 0;
    for (let round = 0; round < 3; round++) {
      events = 0;
      const start = process.hrtime.bigint();
      for (let rep = 0; rep < reps; rep++) {
        sim.run(1, rep);
        events += sim.metricEvents;
      }
      best = Math.min(best, seconds(start));
    }
    return { replications: reps, events_per_replication: Math.round(events / reps), events_per_second: Math.round(events / best), seconds_per_replication: Number((best / reps).toPrecision(4)) };
  };
  const base = bundled('heartbeat-loss') as Record<string, any>;
  const reps = quick ? 2 : 10;
  const none = time({ ...base, detectors: undefined }, reps * 20);
  emit({ case: 'detectors', scenario: 'heartbeat-loss', heartbeats: 'none (no detectors)', ...none });
  for (const heartbeats of ['auto', 'full'] as const) {
    const input = { ...base, detectors: (base['detectors'] as Record<string, unknown>[]).map((d) => ({ ...d, heartbeats })) };
    const f = time(input, heartbeats === 'auto' ? reps : Math.max(1, reps / 5));
    emit({ case: 'detectors', scenario: 'heartbeat-loss', heartbeats, ...f, slowdown: Number((f.seconds_per_replication / none.seconds_per_replication).toPrecision(3)) });
  }
  emit({ case: 'detectors', scenario: 'phi-accrual', heartbeats: 'full', ...time(bundled('phi-accrual') as Record<string, unknown>, Math.max(1, reps / 5)) });
  // Jittered heartbeats: heartbeat-loss with normal(1 s, 200 ms) gaps (one gap draw per heartbeat besides the loss draw), and phi-jitter.
  for (const heartbeats of ['auto', 'full'] as const) {
    const jitter = { type: 'truncatedNormal', mean: '1s', sd: '200ms' };
    const input = { ...base, detectors: (base['detectors'] as Record<string, any>[]).map((d) => ({ ...d, heartbeat: { ...d['heartbeat'], interval: jitter }, heartbeats })) };
    const f = time(input, heartbeats === 'auto' ? reps : Math.max(1, reps / 5));
    emit({ case: 'detectors', scenario: 'heartbeat-loss, jittered', heartbeats, ...f, slowdown: Number((f.seconds_per_replication / none.seconds_per_replication).toPrecision(3)) });
  }
  emit({ case: 'detectors', scenario: 'phi-jitter', heartbeats: 'full', ...time(bundled('phi-jitter') as Record<string, unknown>, reps) });
}

if (wanted('detectors')) benchDetectors();

/**
 * The pipeline (issue 15): messages simulated per second and events per second of the bundled
 * dataquarantine scenarios (50 messages/s over a day, batches and counters: no object per
 * message), best of three; `slowdown` = time per replication over the same scenario without its
 * pipeline (its brokers, consumer and sinks failing and recovering, nothing else).
 */
function benchPipeline(): void {
  const reps = quick ? 4 : 40;
  const time = (input: Record<string, unknown>) => {
    const sim = new Simulation(validateScenario(input));
    let best = Infinity;
    let events = 0;
    let messages = 0;
    for (let round = 0; round < 3; round++) {
      events = 0;
      messages = 0;
      const start = process.hrtime.bigint();
      for (let rep = 0; rep < reps; rep++) {
        sim.run(1, rep);
        events += sim.metricEvents;
        messages += sim.ledger?.produced ?? 0;
      }
      best = Math.min(best, seconds(start));
    }
    return { replications: reps, events_per_replication: Math.round(events / reps), events_per_second: Math.round(events / best), messages_per_second: Math.round(messages / best), seconds_per_replication: Number((best / reps).toPrecision(4)) };
  };
  const base = bundled('dataquarantine') as Record<string, unknown>;
  const none = time({ ...base, pipeline: undefined });
  emit({ case: 'pipeline', scenario: 'dataquarantine', pipeline: 'none (components only)', ...none });
  for (const name of ['dataquarantine', 'dataquarantine-acks-1', 'dataquarantine-auto-commit', 'dataquarantine-small-fallback-disk', 'dataquarantine-producer-buffer', 'dataquarantine-breaker']) {
    const f = time(bundled(name) as Record<string, unknown>);
    emit({ case: 'pipeline', scenario: name, ...f, slowdown: Number((f.seconds_per_replication / none.seconds_per_replication).toPrecision(3)) });
  }
}

if (wanted('pipeline')) benchPipeline();

#!/usr/bin/env node
/** The `faultline` command line: parses arguments, calls the library, formats results, sets the exit code. */
import { commandFinished, installSignalHandlers, interruptedBy, interruptedExitCode, interruptible, setCleanup } from './signals.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_MAX_EVENTS,
  FaultlineError,
  bundledScenarioPath,
  checkScenario,
  bundledScenarioPaths,
  faultlineVersion,
  formatNumber,
  headlineScenarios,
  isCurveRow,
  runCheck,
  annotateSummary,
  exactFor,
  exactForGroups,
  exactForShocks,
  inconclusiveText,
  isExact,
  loadScenario,
  publishedFor,
  mergePartials,
  prepareOutputFile,
  prepareOutputFolder,
  removeTemporaries,
  runToDirectory,
  scenarioJsonSchema,
  workloadClaims,
  detectorClaims,
  electionClaims,
  pipelineClaims,
  reflectionClaims,
  recoveryClaims,
  type PipelineClaim,
  writeTextAtomically,
  parseOverride,
  riskLines,
  estimateImportance,
  importanceRows,
  IMPORTANCE_COLUMNS,
  toCsv,
  singleAssignments,
  writeReport,
  validateClaims,
  readJsonFile,
  checkClaims,
  sweepPoints,
  runSweep,
  type Assignment,
  type Override,
  type CheckRow,
  type FaultlineErrorCode,
  type RunOutcome,
  type Scenario,
  type SummaryRow,
  type Shard,
} from '../index.js';

// Already done by the entry point (faultline.ts) unless this file is run directly.
installSignalHandlers();
setCleanup(removeTemporaries);

function integerOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name}: expected an integer >= ${min}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

function confidenceOption(value: string): number {
  const c = Number(value);
  if (!(c > 0 && c < 1)) throw new InvalidArgumentError(`--confidence: expected a number in (0, 1), got ${JSON.stringify(value)}`);
  return c;
}

const fmt = formatNumber;

/**
 * The check table: one line per pair, curves summarised per scenario. A run over a published
 * claim's span (not the scenario's own) shows its span beside the scenario's name; an interval
 * that is a low-information bound is marked †.
 */
function formatCheck(rows: readonly CheckRow[], own: ReadonlyMap<string, { from: number; to: number }>): string {
  const header = ['scenario', 'metric', 'formula', 'estimate', 'CI low', 'CI high', 'analytic', 'verdict'];
  const shown = rows.filter((r) => !isCurveRow(r));
  const span = (r: CheckRow) => {
    const o = own.get(r.scenario);
    return o !== undefined && o.from === r.from && o.to === r.to ? r.scenario : `${r.scenario} [${r.from}, ${r.to}] h`;
  };
  const body = shown.map((r) => [
    span(r),
    r.metric,
    r.formula.length > 58 ? `${r.formula.slice(0, 57)}…` : r.formula,
    fmt(r.estimate),
    fmt(r.low),
    `${fmt(r.high)}${r.lowInformation ? ' †' : ''}`,
    fmt(r.analytic),
    r.verdict === 'inconclusive' ? inconclusiveText(r.repsNeeded) : r.verdict + (r.kind === 'published' ? ' (published)' : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const table = [header, ...body].map((r) => r.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n');
  const curves = rows.filter(isCurveRow);
  const tally = ['consistent', 'refuted', 'inconclusive'].map((v) => `${curves.filter((r) => r.verdict === v).length} ${v}`).join(', ');
  const refuted = rows.filter((r) => r.kind === 'published' && r.verdict === 'refuted');
  const why = refuted.map((r) => `  ${r.formula}: ${r.why}`);
  return [
    table,
    '',
    '† a low-information bound: fewer than 30 replications saw the event, so the interval assumes nothing about what an unseen one costs.',
    `Curves (A(t) and R(t) at every grid time, exact CTMC): ${curves.length} points: ${tally}.`,
    ...(why.length > 0 ? ['', 'Why the refuted published formulas fail:', ...new Set(why)] : []),
  ].join('\n');
}

/** docs/conventions.md, "Exit codes": 2 for bad usage or input (limits included), 1 for a run that failed, 128 + n for signal n. */
const EXIT_CODES: Readonly<Record<FaultlineErrorCode, number>> = {
  INVALID_PARAMETER: 2,
  INVALID_ARGUMENT: 2,
  INVALID_SCENARIO: 2,
  INVALID_PARTIAL: 2,
  LIMIT: 2,
  IO: 2,
  ENGINE_MISUSE: 1,
  WORKER: 1,
  WRITE: 1,
  INTERRUPTED: 130,
};

const program = new Command();
program
  .name('faultline')
  .description('Seeded discrete-event failure simulator, cross-checked against closed-form availability models.')
  .version(faultlineVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride(); // so that bad usage exits with 2, as docs/conventions.md, "Exit codes" says, not commander's 1

program
  .command('check', { isDefault: true })
  .description(
    'Simulate scenarios and pair every metric with every formula that claims to compute it: the exact oracle, the correct ' +
      'closed forms, and the published seed-000 formulas. Each pair gets a verdict at a family-wise confidence (Holm over all ' +
      'pairs): consistent, refuted, or inconclusive (with the replications that would be needed). Writes check.csv, check.md and, ' +
      'per scenario, summary.csv and timeseries.csv with the exact values filled in. With no scenario: the headline job, every ' +
      'bundled scenario with a fixed number of replications (npm start).',
  )
  .argument('[scenario...]', 'scenario files or bundled names (default: the headline job)')
  .addOption(new Option('--reps <n>', 'replications per named scenario (default 20000; the headline job fixes its own)').argParser(integerOption('--reps', 2)))
  .addOption(new Option('--seed <n>', 'seed of the run').default(1).argParser(integerOption('--seed', 0)))
  .addOption(new Option('--workers <n>', 'worker threads').default(availableParallelism()).argParser(integerOption('--workers', 1)))
  .addOption(new Option('--target-precision <r>', 'add chunks until every service unavailability interval is this tight (relative)').argParser(precisionOption))
  .addOption(new Option('--confidence <c>', 'family-wise confidence of the verdicts').default(0.99).argParser(confidenceOption))
  .option('--out <dir>', 'output folder', 'results')
  .addOption(maxEventsOption())
  .option('--strict', 'also exit 1 when a published formula is refuted')
  .option('--claims <file>', 'claims of your own to judge (a JSON array of {metric, value | atLeast/atMost, source, kind, scenario?})')
  .addOption(setOption())
  .option('--json', 'print the pairs as JSON on stdout')
  .addHelpText(
    'after',
    '\nExamples:\n  $ faultline                                   # the headline job (npm start)\n  $ faultline check sims/tmr.json --reps 200000\n  $ faultline check reference-cluster --json --strict\n  $ faultline check tmr --set groups.modules.repair.mean=2h\n  $ faultline check tmr --claims my-claims.json      # [{"metric": "tmr.availability", "atLeast": 0.9999, "source": "vendor SLA"}]',
  )
  .action(async (files: string[], opts: { reps?: number; seed: number; workers: number; targetPrecision?: number; confidence: number; maxEvents: number; out: string; strict?: boolean; json?: boolean; set?: Override[]; claims?: string }) => {
    const args = files.length > 0 ? files : headlineScenarios.map((h) => bundledScenarioPath(h.name));
    const plan = loadAll(args, opts.maxEvents, opts.set).map((scenario, i) => {
      const h = files.length > 0 ? undefined : headlineScenarios[i];
      return {
        scenario,
        replications: opts.reps ?? h?.replications ?? 20_000,
        ...(opts.reps === undefined && h?.spanReplications !== undefined ? { spanReplications: h.spanReplications } : {}),
      };
    });
    const claims = opts.claims === undefined ? undefined : validateClaims(readJsonFile(opts.claims, 'INVALID_SCENARIO'), opts.claims);
    if (claims !== undefined) checkClaims(plan.map((p) => p.scenario), claims, opts.claims);
    const bar = progressBar('check');
    const stop = interruptible();
    const started = performance.now();
    try {
      const outcome = await runCheck(plan, {
        seed: opts.seed,
        workers: cappedWorkers(opts.workers),
        confidence: opts.confidence,
        maxEvents: opts.maxEvents,
        out: opts.out,
        signal: stop.signal,
        onProgress: (_scenario, done, planned) => bar.update(done, planned),
        ...(claims === undefined ? {} : { claims }),
        ...(opts.targetPrecision === undefined ? {} : { targetPrecision: opts.targetPrecision }),
      });
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      if (opts.json) process.stdout.write(`${JSON.stringify(outcome.rows, null, 2)}\n`);
      else {
        const reps = outcome.runs.reduce((n, r) => n + r.replications, 0);
        const own = new Map(plan.map((p) => [p.scenario.name, { from: p.scenario.warmup, to: p.scenario.horizon }]));
        const extra = outcome.runs.length - plan.length;
        const spans = extra > 0 ? ` (and ${extra} run${extra > 1 ? 's' : ''} over the spans published claims are about)` : '';
        const risk = outcome.risk.length === 0 ? '' : `\n\n${outcome.risk.map((r) => riskLines(r, fmt).join('\n')).join('\n')}`;
        process.stdout.write(`faultline check: seed ${opts.seed}, ${reps} replications of ${plan.length} scenario${plan.length === 1 ? '' : 's'}${spans} in ${seconds.toFixed(1)} s; verdicts at family-wise ${opts.confidence} (Holm).\n\n${formatCheck(outcome.rows, own)}${risk}\n\nWritten: ${opts.out}/check.csv, ${opts.out}/check.md and per-scenario summary.csv, timeseries.csv.\n`);
      }
      const correctRefuted = outcome.rows.some((r) => r.kind === 'correct' && r.verdict === 'refuted');
      const publishedRefuted = outcome.rows.some((r) => r.kind === 'published' && r.verdict === 'refuted');
      if (correctRefuted || (opts.strict && publishedRefuted)) process.exitCode = 1;
    } finally {
      bar.stop();
      stop.dispose();
    }
  });

/**
 * `--workers` capped at the cores (os.availableParallelism()): more threads than cores only
 * compete for them, and results do not depend on the number. docs/conventions.md, "Limits".
 */
function cappedWorkers(workers: number): number {
  const cores = availableParallelism();
  if (workers <= cores) return workers;
  process.stderr.write(`faultline: warning: --workers ${workers} is more than the ${cores} cores; using ${cores}\n`);
  return cores;
}

/** A scenario argument: a file path, or the name of a bundled scenario. */
function scenarioPathOf(arg: string): string {
  return existsSync(arg) || arg.includes('/') || arg.endsWith('.json') ? arg : bundledScenarioPath(arg);
}

/** Loads and checks a scenario argument as `run` needs it: schema, limits, distributions, expected events. */
function loadChecked(arg: string, maxEvents: number, assignments: readonly Assignment[] = []): Scenario {
  const path = scenarioPathOf(arg);
  const scenario = loadScenario(path, assignments);
  checkScenario(scenario, path, { maxEvents });
  return scenario;
}

/** `--set` (repeatable): a JSON path and its value(s). */
function collectSet(value: string, previous: Override[] = []): Override[] {
  try {
    return [...previous, parseOverride(value)];
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function setOption(help = 'set a field of every scenario before validation: <json.path>=<value> (repeatable), e.g. groups.executors.repair.mean=2h'): Option {
  return new Option('--set <path=value>', help).argParser(collectSet);
}

/**
 * Every scenario argument loaded and checked before anything runs; two scenarios with the same
 * name would write the same output folder, so that is refused (docs/conventions.md, "Results folders").
 */
function loadAll(args: readonly string[], maxEvents: number, overrides: readonly Override[] = []): Scenario[] {
  const assignments = singleAssignments(overrides);
  const scenarios = args.map((arg) => loadChecked(arg, maxEvents, assignments));
  scenarios.forEach((scenario, i) => {
    const j = scenarios.findIndex((other) => other.name === scenario.name);
    if (j < i) {
      throw new FaultlineError('INVALID_ARGUMENT', `${args[i]}: name: expected a name no other scenario of this command has (they would share an output folder), got ${JSON.stringify(scenario.name)}, as ${args[j]} has`);
    }
  });
  return scenarios;
}

function maxEventsOption(): Option {
  return new Option('--max-events <n>', 'the most events one replication may process (an event storm stops there)').default(DEFAULT_MAX_EVENTS).argParser(integerOption('--max-events', 1));
}

function shardOption(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1 && index < count)) throw new InvalidArgumentError(`--shard: expected i/N with 0 <= i < N, got ${JSON.stringify(value)}`);
  return { index, count };
}

function precisionOption(value: string): number {
  const r = Number(value);
  if (!(r > 0 && r < 1)) throw new InvalidArgumentError(`--target-precision: expected a relative half-width in (0, 1), got ${JSON.stringify(value)}`);
  return r;
}

/** A progress bar on stderr while the run goes, only when stderr is a terminal. */
function progressBar(label: string): { update(done: number, planned: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} reps | {rate} reps/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
  );
  let started = false;
  const t0 = performance.now();
  return {
    update(done, planned) {
      if (!started) bar.start(planned, 0, { rate: 0 });
      started = true;
      bar.setTotal(planned);
      bar.update(done, { rate: Math.round(done / ((performance.now() - t0) / 1000)) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

interface RunOpts {
  reps: number;
  seed: number;
  workers: number;
  chunkSize: number;
  out?: string;
  perRep?: boolean;
  outages?: boolean;
  shard?: Shard;
  targetPrecision?: number;
  maxReps?: number;
  confidence: number;
  maxEvents: number;
  json?: boolean;
  set?: Override[];
}

program
  .command('run')
  .description('Simulate scenarios and write summary.csv, timeseries.csv, manifest.json (and replications.csv with --per-rep) for each.')
  .argument('<scenario...>', 'scenario files, or names of bundled scenarios (faultline list)')
  .addOption(new Option('--reps <n>', 'replications').default(10_000).argParser(integerOption('--reps', 1)))
  .addOption(new Option('--seed <n>', 'seed of the run').default(1).argParser(integerOption('--seed', 0)))
  .addOption(new Option('--workers <n>', 'worker threads').default(availableParallelism()).argParser(integerOption('--workers', 1)))
  .addOption(new Option('--chunk-size <n>', 'replications per chunk (results do not depend on it)').default(1000).argParser(integerOption('--chunk-size', 1)))
  .option('--out <dir>', 'output folder (default: results/<scenario>/; with several scenarios, <dir>/<scenario>/)')
  .option('--per-rep', 'also write one row per replication to replications.csv')
  .option('--outages', 'also write one row per outage of each service to outages.csv (start, end, duration, and the component changes that started and ended it)')
  .addOption(new Option('--shard <i/N>', 'run the i-th of N contiguous ranges of chunks; writes partial.json for faultline merge').argParser(shardOption))
  .addOption(new Option('--target-precision <r>', "add chunks until every service's unavailability interval half-width is at most r of its estimate").argParser(precisionOption))
  .addOption(new Option('--max-reps <n>', 'the most replications with --target-precision (default 100 × --reps)').argParser(integerOption('--max-reps', 1)))
  .addOption(new Option('--confidence <c>', 'confidence of the intervals').default(0.99).argParser(confidenceOption))
  .addOption(maxEventsOption())
  .addOption(setOption())
  .option('--json', 'print a machine-readable summary on stdout')
  .addHelpText(
    'after',
    '\nExamples:\n  $ faultline run sims/tmr.json --reps 100000\n  $ faultline run reference-cluster --target-precision 0.05 --max-reps 5000000\n  $ faultline run reference-cluster --reps 2000 --outages   # + outages.csv, then: faultline report results/reference-cluster\n  $ faultline run sims/tmr.json --reps 1000000 --shard 0/4 --out parts/0   # then: faultline merge parts/*/partial.json',
  )
  .action(async (files: string[], opts: RunOpts) => {
    const outcomes: RunOutcome[] = [];
    const scenarios = loadAll(files, opts.maxEvents, opts.set);
    const overrides = opts.set === undefined ? undefined : Object.fromEntries(singleAssignments(opts.set).map((a) => [a.path, a.value]));
    if (opts.out !== undefined) prepareOutputFolder(opts.out);
    const outs = scenarios.map((scenario) => (opts.out === undefined ? join('results', scenario.name) : scenarios.length > 1 ? join(opts.out, scenario.name) : opts.out));
    for (const out of outs) prepareOutputFolder(out);
    const workers = cappedWorkers(opts.workers);
    for (const [i, scenario] of scenarios.entries()) {
      const out = outs[i] as string;
      const bar = progressBar(scenario.name);
      const stop = interruptible();
      try {
        const replications = opts.targetPrecision === undefined ? opts.reps : (opts.maxReps ?? 100 * opts.reps);
        const outcome = await runToDirectory(scenario, {
          seed: opts.seed,
          replications,
          workers,
          chunkSize: opts.chunkSize,
          out,
          confidence: opts.confidence,
          maxEvents: opts.maxEvents,
          signal: stop.signal,
          onProgress: (done, planned) => bar.update(done, planned),
          annotate: annotateSummary,
          ...(overrides === undefined ? {} : { overrides }),
          ...(opts.perRep ? { perRep: true } : {}),
          ...(opts.outages ? { outages: true } : {}),
          ...(opts.shard === undefined ? {} : { shard: opts.shard }),
          ...(opts.targetPrecision === undefined ? {} : { targetPrecision: opts.targetPrecision }),
        });
        bar.stop();
        outcomes.push(outcome);
        if (!opts.json) {
          process.stderr.write(
            `${scenario.name}: ${outcome.replications} replications, ${outcome.events} events in ${outcome.wallSeconds.toFixed(2)} s ` +
              `(${Math.round(outcome.eventsPerSecond)} events/s)${outcome.stoppedBy === 'precision' ? ', target precision reached' : ''} → ${out}\n`,
          );
        }
      } catch (error) {
        // Say which scenarios' results were written before this one failed.
        if (!(error instanceof FaultlineError) || i === 0) throw error;
        throw new FaultlineError(error.code, `${error.message}. Written before it: ${outs.slice(0, i).join(', ')}; not run: ${outs.slice(i + 1).join(', ') || 'none'}`);
      } finally {
        bar.stop();
        stop.dispose();
      }
    }
    if (opts.json) {
      const summary = outcomes.map((o) => ({
        scenario: o.scenario,
        seed: o.seed,
        replications: o.replications,
        events: o.events,
        wall_seconds: o.wallSeconds,
        events_per_second: o.eventsPerSecond,
        stopped_by: o.stoppedBy,
        // Peak resident memory of the whole process so far, worker threads included.
        peak_rss_mb: process.resourceUsage().maxRSS / 1024,
        files: o.files,
        metrics: o.summary.map(jsonMetric),
      }));
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    }
  });

/** A summary row as JSON: the same fields as summary.csv, numbers as numbers, null where the CSV cell is empty. */
function jsonMetric(row: SummaryRow): Record<string, string | number | boolean | null> {
  const number = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return {
    metric: String(row.metric),
    estimate: number(row.estimate),
    std_error: number(row.std_error),
    ci_low: number(row.ci_low),
    ci_high: number(row.ci_high),
    confidence: number(row.confidence),
    low_information: row.low_information === undefined ? null : row.low_information === 'true',
    analytic: number(row.analytic),
    z_score: number(row.z_score),
    verdict: row.verdict === undefined ? null : String(row.verdict),
  };
}

program
  .command('sweep')
  .description(
    'Run a scenario at every point of a grid over some of its fields (--set path=v1,v2,…, one --set per field), with the same seed at ' +
      'every point (common random numbers), each point into its own folder <out>/<field>=<value>/, then write <out>/sweep.csv (one row ' +
      'per point and metric, one column per swept field) and <out>/sweep.json. A point whose folder holds complete results of the ' +
      'same run is not run again (resumable), unless --rerun.',
  )
  .argument('<scenario>', 'a scenario file, or the name of a bundled scenario')
  .addOption(setOption('a field and its values: <json.path>=<v1>,<v2>,… (repeat for a grid); durations with units, JSON values where they parse').makeOptionMandatory())
  .addOption(new Option('--reps <n>', 'replications per point').default(10_000).argParser(integerOption('--reps', 1)))
  .addOption(new Option('--seed <n>', 'seed of every point').default(1).argParser(integerOption('--seed', 0)))
  .addOption(new Option('--workers <n>', 'worker threads').default(availableParallelism()).argParser(integerOption('--workers', 1)))
  .addOption(new Option('--chunk-size <n>', 'replications per chunk (results do not depend on it)').default(1000).argParser(integerOption('--chunk-size', 1)))
  .addOption(new Option('--confidence <c>', 'confidence of the intervals').default(0.99).argParser(confidenceOption))
  .option('--out <dir>', 'output folder (default: results/<scenario>-sweep/)')
  .option('--rerun', 'run every point again, even those already complete')
  .option('--per-rep', "also write each point's replications.csv (paired comparisons between points)")
  .addOption(maxEventsOption())
  .addHelpText(
    'after',
    '\nExamples:\n  $ faultline sweep tmr --set groups.modules.repair.mean=1h,2h,4h,8h --reps 20000\n' +
      '  $ faultline sweep reference-cluster --set groups.executors.count=4,6,8 --set groups.executors.repair.mean=30min,2h\n' +
      '  $ faultline sweep tmr --set groups.modules.repair.mean=1h,2h,4h --out results/mttr   # again: complete points are not re-run',
  )
  .action(async (file: string, opts: { set: Override[]; reps: number; seed: number; workers: number; chunkSize: number; confidence: number; out?: string; rerun?: boolean; perRep?: boolean; maxEvents: number }) => {
    const path = scenarioPathOf(file);
    const base = loadScenario(path);
    const out = opts.out ?? join('results', `${base.name}-sweep`);
    const points = sweepPoints(path, opts.set, out);
    for (const p of points) checkScenario(p.scenario, `${path} (${p.label})`, { maxEvents: opts.maxEvents });
    const bar = progressBar(`sweep (${points.length} points)`);
    const stop = interruptible();
    try {
      const outcome = await runSweep(points, opts.set, out, {
        seed: opts.seed,
        replications: opts.reps,
        confidence: opts.confidence,
        workers: cappedWorkers(opts.workers),
        chunkSize: opts.chunkSize,
        maxEvents: opts.maxEvents,
        annotate: annotateSummary,
        signal: stop.signal,
        ...(opts.rerun ? { rerun: true } : {}),
        ...(opts.perRep ? { perRep: true } : {}),
        onProgress: (done, planned) => bar.update(done, planned),
      });
      bar.stop();
      const skipped = outcome.skipped.length > 0 ? `; ${outcome.skipped.length} already complete, not re-run (--rerun runs them)` : '';
      process.stderr.write(`${base.name}: ${points.length} points × ${opts.reps} replications, seed ${opts.seed}: ran ${outcome.ran.length}${skipped} → ${out}/sweep.csv\n`);
    } finally {
      bar.stop();
      stop.dispose();
    }
  });

program
  .command('report')
  .description(
    'Write one self-contained report.html for a results folder of run, check or sweep: the verdict table, A(t) and R(t) with bands ' +
      'and exact curves, outage durations and downtime by cause (with --outages), sweep curves with bands. The plotting library is ' +
      'inlined: the page opens without network access.',
  )
  .argument('<folder>', 'a results folder (results/, results/<scenario>/, a sweep folder)')
  .option('--out <file>', 'the report file (default: <folder>/report.html)')
  .addHelpText('after', '\nExamples:\n  $ faultline check tmr && faultline report results\n  $ faultline sweep tmr --set groups.modules.repair.mean=1h,2h,4h && faultline report results/tmr-sweep')
  .action(async (folder: string, opts: { out?: string }) => {
    if (opts.out !== undefined) prepareOutputFile(opts.out);
    const outcome = await writeReport(folder, opts.out);
    process.stderr.write(`report: ${outcome.sections.length} sections (${[...new Set(outcome.sections.map((s) => s.kind))].join(', ')}) → ${outcome.path}\n`);
  });

program
  .command('importance')
  .description(
    'Importance measures of every component and group for every service, by simulation (Birnbaum, criticality, risk-achievement ' +
      'and risk-reduction worth, with 95% intervals; the share of the downtime each group started), beside the exact values for ' +
      'independent exponential components. Writes importance.csv.',
  )
  .argument('<scenario>', 'a scenario file, or the name of a bundled scenario')
  .addOption(new Option('--reps <n>', 'replications').default(2000).argParser(integerOption('--reps', 2)))
  .addOption(new Option('--seed <n>', 'seed of the run').default(1).argParser(integerOption('--seed', 0)))
  .option('--out <file>', 'the CSV file (default: results/<scenario>/importance.csv)')
  .addOption(maxEventsOption())
  .addHelpText('after', '\nExamples:\n  $ faultline importance tmr --reps 2000\n  $ faultline importance reference-cluster --reps 5000 --out imp.csv')
  .action(async (file: string, opts: { reps: number; seed: number; out?: string; maxEvents: number }) => {
    const scenario = loadChecked(file, opts.maxEvents);
    const out = opts.out ?? join('results', scenario.name, 'importance.csv');
    prepareOutputFile(out);
    const est = estimateImportance(scenario, opts.seed, opts.reps);
    const { rows, exactNote } = importanceRows(scenario, opts.seed, est);
    writeTextAtomically(out, await toCsv(IMPORTANCE_COLUMNS, rows));
    // Components of a group are exchangeable in most scenarios: the first of each is shown, all are in the CSV.
    const shown = rows.filter((r) => r.unit_kind !== 'component' || String(r.unit).endsWith('[0]'));
    const lines = shown.map((r) => `${String(r.service).padEnd(20)} ${String(r.unit).padEnd(20)} ${String(r.measure).padEnd(15)} ${fmt(r.estimate as number).padEnd(12)} [${fmt(r.ci_low as number)}, ${fmt(r.ci_high as number)}]${r.exact === undefined ? '' : `  exact ${fmt(r.exact as number)}`}`);
    process.stdout.write(`${scenario.name}: importance over ${opts.reps} replications, seed ${opts.seed} (groups forced whole, and each group's first component; every component in the CSV)\n${lines.join('\n')}\n${exactNote === null ? '' : `No exact values: ${exactNote}.\n`}Written: ${out}\n`);
  });

program
  .command('merge')
  .description('Combine the partial results of shards (faultline run --shard i/N) into the outputs of one run.')
  .argument('<partial...>', 'partial.json files, one per shard, in any order')
  .requiredOption('--out <dir>', 'output folder')
  .option('--json', 'print a machine-readable summary on stdout')
  .addHelpText('after', '\nExamples:\n  $ faultline merge parts/*/partial.json --out results/tmr')
  .action(async (parts: string[], opts: { out: string; json?: boolean }) => {
    prepareOutputFolder(opts.out);
    const outcome = await mergePartials(parts, opts.out, annotateSummary);
    const line = { scenario: outcome.scenario, seed: outcome.seed, replications: outcome.replications, events: outcome.events, files: outcome.files };
    if (opts.json) process.stdout.write(`${JSON.stringify(line, null, 2)}\n`);
    else process.stderr.write(`${outcome.scenario}: merged ${parts.length} parts, ${outcome.replications} replications → ${opts.out}\n`);
  });

program
  .command('list')
  .description('List the bundled scenarios.')
  .addHelpText('after', '\nExamples:\n  $ faultline list')
  .action(() => {
    for (const path of bundledScenarioPaths()) {
      const scenario = loadScenario(path);
      process.stdout.write(`${basename(path, '.json').padEnd(28)} ${scenario.description.split('. ')[0]}\n`);
    }
  });

const num = (x: number | null): string => (x === null ? '—' : Number.isFinite(x) ? String(x) : String(x));

program
  .command('analytic')
  .description(
    'Print the exact values for each service of a scenario (steady-state and interval availability, expected downtime and outages, ' +
      'P(no outage), A(t) and R(t) on the grid, MTTF, the first failure censored at the horizon) and each group (component up, failures, crew utilisation) ' +
      'where they exist, the reason where they do not, the closed forms of a workload\'s query metrics, of a pipeline, of reflections and of recovery times (each with its source and assumptions), ' +
      'and the published seed-000 values that claim to describe the same quantities.',
  )
  .argument('<scenario>', 'a scenario file, or the name of a bundled scenario')
  .option('--json', 'print machine-readable results on stdout')
  .addHelpText('after', '\nExamples:\n  $ faultline analytic sims/reference-cluster.json\n  $ faultline analytic federated-sources --json')
  .action((file: string, opts: { json?: boolean }) => {
    const scenario = loadScenario(scenarioPathOf(file));
    const exact = exactFor(scenario);
    const published = publishedFor(scenario);
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ scenario: scenario.name, exact, groups: exactForGroups(scenario), shocks: exactForShocks(scenario), queries: workloadClaims(scenario), detectors: detectorClaims(scenario), election: electionClaims(scenario), pipeline: pipelineClaims(scenario), reflections: reflectionClaims(scenario), recovery: recoveryClaims(scenario), published }, null, 2)}\n`,
      );
      return;
    }
    const lines: string[] = [`${scenario.name}: exact values from the scenario's initial state (horizon ${scenario.horizon} h, warmup ${scenario.warmup} h)`, ''];
    const span = `over [${scenario.warmup}, ${scenario.horizon}] h`;
    for (const e of exact) {
      if (isExact(e)) {
        lines.push(`  ${e.service}`);
        lines.push(`    steady-state availability   ${num(e.steadyStateAvailability)}${e.steadyStateAvailability === null ? ' (crash-stop: no steady state)' : `  (unavailability ${1 - e.steadyStateAvailability})`}`);
        lines.push(`    interval availability       ${e.intervalAvailability}  ${span}`);
        lines.push(`    expected downtime           ${e.expectedDowntime} h  ${span}`);
        lines.push(`    expected outages            ${e.expectedOutages}  ${span}`);
        lines.push(`    P(no outage)                ${e.noOutageProbability}  ${span}`);
        lines.push(`    MTTF (first failure)        ${e.mttf} h`);
        lines.push(`    E[min(T, horizon)]          ${e.restrictedMeanFirstFailure} h  (the first failure censored at the horizon: what a run estimates)`);
        lines.push(`    P(failed by the horizon)    ${e.failedByHorizon}`);
        lines.push(`    R(t) at ${scenario.grid.at(-1)} h          ${e.reliability.at(-1)}`);
        lines.push(`    method: ${e.method}`);
      } else {
        lines.push(`  ${e.service}: no exact value: ${e.reason}`);
        for (const p of e.partial ?? []) lines.push(`    exact ${p.quantity}: ${p.value}  (${p.note})`);
      }
    }
    const groups = exactForGroups(scenario);
    if (groups.length > 0) {
      lines.push('', `Groups (${span}):`, '');
      for (const g of groups) {
        lines.push(`  ${g.group}: component up ${g.componentUp}, expected component failures ${g.expectedFailures}${g.crew === null ? '' : `, crew ${g.crew.name} utilisation ${g.crew.utilization}`}${g.standby === undefined ? '' : `, expected switch-overs ${g.standby.switchovers}, switch failures ${g.standby.switchFailures}`}`);
        lines.push(`    method: ${g.method}`);
      }
    }
    const shocks = exactForShocks(scenario);
    if (shocks.length > 0) {
      lines.push('', `Shocks (${span}):`, '');
      for (const s of shocks) {
        lines.push(`  ${s.shock}: expected shocks ${s.expectedShocks}, expected components failed ${num(s.expectedComponentsFailed)}`);
        lines.push(`    method: ${s.method}`);
      }
    }
    const queries = workloadClaims(scenario);
    if (queries.length > 0) {
      lines.push('', 'Queries (docs/workloads.md, "What the checks compare"):', '');
      for (const q of queries) {
        const value = q.type === 'quantile' ? `${q.quantile} s (the p${q.level * 100} quantile)` : String(q.analytic);
        lines.push(`  ${q.type === 'quantile' ? q.histogram : q.metric}: ${value}${q.kind === 'published' ? '  (published)' : ''}`);
        lines.push(`    formula: ${q.formula}`);
      }
    }
    const detectors = detectorClaims(scenario);
    if (detectors.length > 0) {
      lines.push('', 'Failure detectors (docs/fault-modes.md, "Failure detectors"):', '');
      for (const d of detectors) {
        lines.push(`  ${d.metric}: ${d.analytic}`);
        lines.push(`    formula: ${d.formula}`);
      }
    }
    const election = electionClaims(scenario);
    if (election.length > 0) {
      lines.push('', 'Leader election (docs/fault-modes.md, "Leader election"):', '');
      for (const c of election) {
        lines.push(`  ${c.metric}: ${c.analytic}`);
        lines.push(`    formula: ${c.formula}`);
      }
    }
    const forms = (title: string, claims: readonly PipelineClaim[]) => {
      if (claims.length === 0) return;
      lines.push('', title, '');
      for (const c of claims) {
        lines.push(`  ${c.metric}: ${c.analytic}  (${c.kind})`);
        lines.push(`    formula: ${c.formula}`);
        lines.push(`    source: ${c.source}`);
        lines.push(`    assumes: ${c.assumes}`);
        if (c.why !== '') lines.push(`    where it goes wrong: ${c.why}`);
      }
    };
    forms('Pipeline (docs/pipelines.md, "Seed 004\'s claims in `check`"):', pipelineClaims(scenario));
    forms('Reflections (docs/reflections-and-recovery.md, "Reflections"):', reflectionClaims(scenario));
    forms('Recovery times (docs/reflections-and-recovery.md, "Recovery times"):', recoveryClaims(scenario));
    if (published.length > 0) {
      lines.push('', 'Published seed-000 values that claim to describe these services:', '');
      for (const p of published) {
        lines.push(`  ${p.service}: ${p.published} = ${p.publishedValue}`);
        lines.push(`    claims: ${p.claims}${p.metric === null ? '' : ` (compared with ${p.service}.${p.metric}${p.horizon === null ? '' : ` over [0, ${p.horizon}] h`})`}`);
        lines.push(`    exact ${p.exactQuantity}: ${num(p.exactValue)}`);
        lines.push(`    why they differ: ${p.why}`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });

program
  .command('validate')
  .description('Check scenario files against the schema and their cross-references, without simulating.')
  .argument('[scenario...]', 'scenario files (default: every bundled scenario in sims/)')
  .addOption(maxEventsOption())
  .addHelpText('after', '\nExamples:\n  $ faultline validate sims/tmr.json\n  $ faultline validate            # every bundled scenario')
  .action((files: string[], opts: { maxEvents: number }) => {
    const paths = files.length > 0 ? files : bundledScenarioPaths();
    let bad = 0;
    for (const path of paths) {
      try {
        const scenario = loadChecked(path, opts.maxEvents);
        const components = scenario.groups.reduce((n, g) => n + g.count, 0);
        process.stdout.write(`ok  ${path}: ${scenario.name}, ${components} components, ${scenario.services.length} services\n`);
      } catch (error) {
        if (!(error instanceof FaultlineError)) throw error;
        bad++;
        process.stderr.write(`${error.message}\n`);
      }
    }
    if (bad > 0) process.exitCode = 2;
  });

program
  .command('schema')
  .description('Print the JSON Schema of scenario files (for editors: point "$schema" at it).')
  .option('--out <file>', 'write it to a file instead of stdout')
  .addHelpText('after', '\nExamples:\n  $ faultline schema > scenario.schema.json\n  $ faultline schema --out dist/scenario.schema.json')
  .action((opts: { out?: string }) => {
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (opts.out === undefined) {
      process.stdout.write(text);
      return;
    }
    prepareOutputFile(opts.out);
    writeTextAtomically(opts.out, text);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed the message (or the help, or the version).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof FaultlineError) {
    const signal = error.code === 'INTERRUPTED' ? interruptedBy() : undefined;
    process.stderr.write(`faultline: ${signal === undefined ? '' : `stopped by ${signal}: `}${error.message}\n`);
    process.exitCode = error.code === 'INTERRUPTED' ? interruptedExitCode() : EXIT_CODES[error.code];
  } else {
    // A bug in faultline: one line, never a stack trace.
    process.stderr.write(`faultline: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
} finally {
  commandFinished();
}

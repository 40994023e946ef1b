#!/usr/bin/env node
/** The `faultline` command line: parses arguments, calls the library, formats results, sets the exit code. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  FaultlineError,
  bundledScenarioPath,
  bundledScenarioPaths,
  checkKOfN,
  loadScenario,
  scenarioJsonSchema,
  type KOfNCheck,
} from '../index.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

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

const fmt = (x: number, digits = 4): string => (x === 0 ? '0' : x.toExponential(digits - 1));

function formatTable(rows: readonly [string, KOfNCheck][]): string {
  const header = ['case', 'reps', 'events', 'simulated U', 'CI low', 'CI high', 'exact U', 'z', 'verdict'];
  const body = rows.map(([label, c]) => [
    label,
    String(c.replications),
    String(c.events),
    fmt(c.estimate),
    fmt(c.low),
    fmt(c.high),
    fmt(c.analytic, 6),
    c.zScore.toFixed(2),
    c.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  return [header, ...body].map((r) => r.map((cell, i) => cell.padStart(widths[i] as number)).join('  ')).join('\n');
}

const program = new Command();
program
  .name('faultline')
  .description('Seeded discrete-event failure simulator, cross-checked against closed-form availability models.')
  .version(pkg.version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride(); // so that bad usage exits with 2, as DESIGN.md asks, not commander's 1

program
  .command('reference', { isDefault: true })
  .summary("simulate seed 000's reference cluster and check it against the exact value (the default command)")
  .description(
    "Simulate seed 000's reference cluster (sims/reference-cluster.json: 3 coordinators, a strict majority needed; " +
      '6 executors, 2 needed; exponential failures, 4 h exponential repair, one repairer per component; one year) and ' +
      "check the simulated unavailability of its 'cluster' service against the exact k-of-n value. Case R is the " +
      'cluster as published; R/100 (sims/reference-cluster-busy.json) divides every MTTF by 100 so that outages are ' +
      'frequent enough to measure tightly.',
  )
  .addOption(
    new Option('--reps <n>', 'replications per case (default: 1000000 for R, 20000 for R/100, whose replications are 90 times busier)').argParser(
      integerOption('--reps', 2),
    ),
  )
  .addOption(new Option('--seed <n>', 'seed of the run (every result is a function of it)').default(1).argParser(integerOption('--seed', 0)))
  .addOption(new Option('--confidence <c>', 'confidence of intervals and of the z-test').default(0.99).argParser(confidenceOption))
  .option('--json', 'print machine-readable results on stdout')
  .addHelpText(
    'after',
    '\nExamples:\n  $ faultline                       # the default job (npm start)\n  $ faultline reference --reps 1000000 --seed 7 --json',
  )
  .action((opts: { reps?: number; seed: number; confidence: number; json?: boolean }) => {
    const cases: [string, string, number][] = [
      ['R', 'reference-cluster', opts.reps ?? 1_000_000],
      ['R/100', 'reference-cluster-busy', opts.reps ?? 20_000],
    ];
    const rows = cases.map(([label, file, replications]): [string, KOfNCheck] => {
      const started = process.hrtime.bigint();
      const scenario = loadScenario(bundledScenarioPath(file));
      const check = checkKOfN(scenario, 'cluster', { seed: opts.seed, replications, confidence: opts.confidence });
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (!opts.json) process.stderr.write(`${label} (sims/${file}.json): ${replications} replications, ${check.events} events in ${wall.toFixed(2)} s\n`);
      return [label, check];
    });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(rows.map(([label, c]) => ({ case: label, ...c })), null, 2)}\n`);
    } else {
      process.stdout.write(
        `Unavailability U over one year (mean fraction of time down), seed ${opts.seed}, ${opts.confidence * 100}% intervals.\n` +
          `exact U: expected interval unavailability from an all-up start (binomial k-of-n at each instant, integrated).\n\n` +
          `${formatTable(rows)}\n`,
      );
    }
    if (rows.some(([, c]) => c.verdict === 'refuted')) process.exitCode = 1;
  });

program
  .command('validate')
  .description('Check scenario files against the schema and their cross-references, without simulating.')
  .argument('[scenario...]', 'scenario files (default: every bundled scenario in sims/)')
  .addHelpText('after', '\nExamples:\n  $ faultline validate sims/tmr.json\n  $ faultline validate            # every bundled scenario')
  .action((files: string[]) => {
    const paths = files.length > 0 ? files : bundledScenarioPaths();
    let bad = 0;
    for (const path of paths) {
      try {
        const scenario = loadScenario(path);
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
    // Written under a temporary name and renamed, so that a failure leaves no partial file.
    mkdirSync(dirname(opts.out), { recursive: true });
    const partial = `${opts.out}.partial`;
    writeFileSync(partial, text);
    renameSync(partial, opts.out);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed the message (or the help, or the version).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof FaultlineError) {
    process.stderr.write(`faultline: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}

#!/usr/bin/env node
/** The `faultline` command line: parses arguments, calls the library, formats results, sets the exit code. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FaultlineError, checkGroupSystem, referenceClusterSpec, type GroupSystemCheck } from '../index.js';

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

function formatTable(rows: readonly [string, GroupSystemCheck][]): string {
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
    "Simulate seed 000's reference cluster (3 coordinators, 2 needed; 6 executors, 2 needed; exponential " +
      'failures, 4 h exponential repair, one repairer per component; one year) and check the simulated ' +
      'unavailability against the exact k-of-n value. Case R is the cluster as published; R/100 divides ' +
      'every MTTF by 100 so that outages are frequent enough to measure tightly.',
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
    const cases: [string, number, number][] = [
      ['R', 1, opts.reps ?? 1_000_000],
      ['R/100', 100, opts.reps ?? 20_000],
    ];
    const rows = cases.map(([label, divisor, replications]): [string, GroupSystemCheck] => {
      const started = process.hrtime.bigint();
      const check = checkGroupSystem(referenceClusterSpec(divisor), { seed: opts.seed, replications, confidence: opts.confidence });
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (!opts.json) process.stderr.write(`${label}: ${replications} replications, ${check.events} events in ${wall.toFixed(2)} s\n`);
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

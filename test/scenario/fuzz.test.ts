// Property-based fuzzing of scenario files: mutations of every bundled scenario (deleted fields,
// wrong types, extreme numbers, bad units, huge arrays, deep nesting, unknown references,
// reserved names) through validation and a short run. A case is accepted and runs, or is refused
// with a FaultlineError naming a JSON path (exit 2 from the CLI); never a crash or a stack trace,
// never a hang. Seeded and replayable: FUZZ_SEED (default 1105), FUZZ_RUNS (default 300 cases
// in process), FUZZ_CLI_RUNS (default 12 through the built CLI); a failure prints the seed and
// fast-check's path, and FUZZ_SEED=<seed> FUZZ_PATH=<path> replays it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { runScenario } from '../../src/run/runScenario.js';
import { validateForSimulation } from '../../src/sim/checkScenario.js';
import { faultline, hasStackTrace, tempDir } from '../support/cli.js';

const seed = Number(process.env['FUZZ_SEED'] ?? 1105);
const runs = Number(process.env['FUZZ_RUNS'] ?? 300);
const cliRuns = Number(process.env['FUZZ_CLI_RUNS'] ?? 12);
const replayPath = process.env['FUZZ_PATH'];
/** A hang, not a speed: a case that validates and runs 2 replications takes milliseconds. */
const CASE_BOUND_MS = 10_000;
const MAX_EVENTS = 100_000;

const bundled = bundledScenarioPaths().map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);

type Key = string | number;
type Json = unknown;

/** Paths to every value of `root` (arrays longer than 20 sampled at their ends), walked without recursion. */
function pathsOf(root: Json): Key[][] {
  const paths: Key[][] = [];
  const stack: { value: Json; path: Key[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0 && paths.length < 2000) {
    const { value, path } = stack.pop() as (typeof stack)[number];
    paths.push(path);
    if (value === null || typeof value !== 'object' || path.length > 12) continue;
    if (Array.isArray(value)) {
      const shown = value.length <= 20 ? value.keys() : [0, 1, value.length - 1].values();
      for (const i of shown) stack.push({ value: value[i], path: [...path, i] });
    } else {
      for (const k of Object.keys(value)) stack.push({ value: (value as Record<string, Json>)[k], path: [...path, k] });
    }
  }
  return paths.sort((a, b) => a.join('.').localeCompare(b.join('.')));
}

function parentOf(root: Json, path: readonly Key[]): Record<Key, Json> | undefined {
  let value = root;
  for (const key of path.slice(0, -1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<Key, Json>)[key];
  }
  return value !== null && typeof value === 'object' ? (value as Record<Key, Json>) : undefined;
}

/** Sets an own property, even "__proto__" (as JSON.parse would). */
function put(target: Record<Key, Json>, key: Key, value: Json): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const WRONG_TYPES: Json[] = [null, true, 'x', 42, [], {}, [1, 2], { type: 'exponential' }];
const EXTREME_NUMBERS: Json[] = [0, -0, -1, 1e-300, 1e-9, 1e308, -1e308, 2 ** 53 + 1, 3e9, 1e6, 100_001, 0.5, 1.0000001];
const BAD_UNITS: Json[] = ['5 parsecs', '1e400h', '-3h', 'h', '1y1', '  ', '∞h', '1e-320s', '9007199254740993y', '0min', '4 h', '4H'];
const RESERVED: string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', 'links', '', 'a b', '1abc'];

const KINDS = ['delete', 'wrongType', 'extreme', 'badUnit', 'hugeArray', 'deep', 'unknownRef', 'reservedName', 'reservedValue'] as const;
type Kind = (typeof KINDS)[number];

/** Applies one mutation to `root` in place (or returns a replacement root). */
function mutate(root: Json, kind: Kind, pick: number, variant: number): Json {
  const paths = pathsOf(root);
  const path = paths[pick % paths.length] as Key[];
  const at = <T>(list: readonly T[]): T => list[variant % list.length] as T;
  const replace = (value: Json): Json => {
    if (path.length === 0) return value;
    const parent = parentOf(root, path);
    if (parent !== undefined) put(parent, path[path.length - 1] as Key, value);
    return root;
  };
  const current = path.length === 0 ? root : parentOf(root, path)?.[path[path.length - 1] as Key];
  switch (kind) {
    case 'delete': {
      const parent = parentOf(root, path);
      if (parent === undefined || path.length === 0) return root;
      const key = path[path.length - 1] as Key;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return root;
    }
    case 'wrongType':
      return replace(structuredClone(at(WRONG_TYPES)));
    case 'extreme':
      return replace(at(EXTREME_NUMBERS));
    case 'badUnit':
      return replace(at(BAD_UNITS));
    case 'hugeArray':
      return replace(Array.from({ length: at([1000, 1000, 100_001, 100_001, 1_000_001]) }, () => (typeof current === 'object' ? at(['1h', 1, 'modules']) : current)));
    case 'deep': {
      let value = current;
      for (let i = 0, n = at([33, 200, 10_000]); i < n; i++) value = variant % 2 === 0 ? [value] : { x: value };
      return replace(value);
    }
    case 'unknownRef':
      return typeof current === 'string' ? replace(`${current}-nosuch`) : replace('nosuch');
    case 'reservedName': {
      const parent = parentOf(root, path);
      if (parent === undefined || Array.isArray(parent) || path.length === 0) return root;
      const key = path[path.length - 1] as Key;
      const value = parent[key];
      delete parent[key];
      put(parent, at(RESERVED), value);
      return root;
    }
    case 'reservedValue':
      return replace(at(RESERVED));
  }
}

const caseArbitrary = fc.record({
  scenario: fc.nat({ max: bundled.length - 1 }),
  mutations: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), pick: fc.nat({ max: 10_000 }), variant: fc.nat({ max: 100 }) }), { minLength: 1, maxLength: 3 }),
});
type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): Json {
  let root: Json = structuredClone(bundled[c.scenario]);
  for (const m of c.mutations) root = mutate(root, m.kind, m.pick, m.variant);
  return root;
}

/** The text of a JSON value, written without recursion (mutations nest 10^4 deep). */
function toJsonText(root: Json): string {
  const out: string[] = [];
  const stack: ({ json: Json } | { text: string })[] = [{ json: root }];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const value = item.json;
    if (value === null || typeof value !== 'object') {
      out.push(JSON.stringify(value) ?? 'null');
    } else if (Array.isArray(value)) {
      stack.push({ text: ']' });
      for (let i = value.length - 1; i >= 0; i--) stack.push({ json: value[i] }, { text: i > 0 ? ',' : '' });
      out.push('[');
    } else {
      const keys = Object.keys(value);
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ json: (value as Record<string, Json>)[keys[i] as string] }, { text: `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:` });
      }
      out.push('{');
    }
  }
  return out.join('');
}

/** A refusal names the file and then a JSON path (or lists problems, each naming one). */
const SEGMENT = String.raw`(?:[^\s:."]+|"(?:[^"\\]|\\.)*")`;
const PATH = String.raw`(?:\(root\)|${SEGMENT}(?:\.${SEGMENT})*(?:, ${SEGMENT})?)`;
const NAMES_A_PATH = new RegExp(String.raw`^fuzz\.json: (?:${PATH}: |\d+ problems:\n {2}${PATH}: )`);

describe(`fuzzing the bundled scenarios (seed ${seed})`, () => {
  it(`${runs} mutated scenarios in process: accepted and run, or refused naming a path`, () => {
    let refused = 0;
    const property = fc.property(caseArbitrary, (c) => {
      const started = performance.now();
      const input = build(c);
      let scenario;
      try {
        scenario = validateForSimulation(input, 'fuzz.json', { maxEvents: MAX_EVENTS });
      } catch (error) {
        refused++;
        if (!(error instanceof FaultlineError) || error.code !== 'INVALID_SCENARIO') throw error;
        expect(error.message).toMatch(NAMES_A_PATH);
        expect(performance.now() - started).toBeLessThan(CASE_BOUND_MS);
        return;
      }
      try {
        runScenario(scenario, { seed: 1, replications: 2, maxEvents: MAX_EVENTS });
      } catch (error) {
        if (!(error instanceof FaultlineError) || error.code !== 'LIMIT') throw error;
      }
      expect(performance.now() - started).toBeLessThan(CASE_BOUND_MS);
    });
    try {
      fc.assert(property, { seed, numRuns: runs, ...(replayPath === undefined ? {} : { path: replayPath }) });
    } catch (error) {
      const cause = (error as Error).cause;
      throw new Error(`fuzz failed; replay with FUZZ_SEED=${seed} FUZZ_PATH=<path below>\n${(error as Error).message}\ncaused by: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    // The mutations are not all harmless, nor all fatal.
    expect(refused).toBeGreaterThan(runs / 4);
    expect(refused).toBeLessThan(runs);
  }, Math.max(120_000, 200 * runs));

  it(`${cliRuns} mutated scenarios through the CLI: validate and run exit 0 or 2, a path named, no stack trace`, () => {
    const dir = tempDir('fuzz-cli');
    const cases = fc.sample(caseArbitrary, { seed: seed + 1, numRuns: cliRuns });
    const files = cases.map((c, i) => {
      const path = join(dir, `case${i}`, 'fuzz.json');
      return { path, text: toJsonText(build(c)), c };
    });
    for (const f of files) {
      // Each case in its own folder, so that messages start with a path ending in fuzz.json.
      mkdirSync(join(f.path, '..'), { recursive: true });
      writeFileSync(f.path, f.text);
    }
    const validate = faultline(['validate', ...files.map((f) => f.path)]);
    expect([0, 2], `validate exit ${validate.status}, FUZZ_SEED=${seed}`).toContain(validate.status);
    expect(hasStackTrace(validate.stderr)).toBe(false);
    for (const f of files) {
      const accepted = validate.stdout.includes(`ok  ${f.path}:`);
      const report = validate.stderr.split(/\n(?=\/)/).find((block) => block.startsWith(`${f.path}: `));
      expect(accepted !== (report !== undefined), `case ${JSON.stringify(f.c)}: ${report}`).toBe(true);
      if (report !== undefined) expect(report.replace(f.path, 'fuzz.json')).toMatch(NAMES_A_PATH);
      const run = faultline(['run', f.path, '--reps', '2', '--workers', '1', '--max-events', String(MAX_EVENTS), '--out', join(dir, 'out')]);
      const context = `case ${JSON.stringify(f.c)} (FUZZ_SEED=${seed}): ${run.stderr}`;
      expect(run.status, context).toBe(accepted ? (run.stderr.includes('--max-events') ? 2 : 0) : 2);
      expect(hasStackTrace(run.stderr), context).toBe(false);
      if (run.status === 2 && !run.stderr.includes('--max-events')) expect(run.stderr.replace(`faultline: ${f.path}`, 'fuzz.json')).toMatch(NAMES_A_PATH);
    }
  }, Math.max(120_000, 10_000 * cliRuns));
});

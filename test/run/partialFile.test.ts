// partial.json verifies itself: merge refuses a tampered, truncated, hand-edited, incomplete or
// null partial, naming the file and the reason (exit 2), and never crashes with a TypeError.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { bundledScenarioPath } from '../../src/io/bundledScenarios.js';
import { loadScenario } from '../../src/io/loadScenario.js';
import { mergePartials, runToDirectory } from '../../src/run/runToDirectory.js';
import { faultline, hasStackTrace, tempDir } from '../support/cli.js';

const dir = tempDir('partials');
const tmr = loadScenario(bundledScenarioPath('tmr-one-crew'));
const shards = [0, 1].map((index) => join(dir, `p${index}`, 'partial.json'));
await Promise.all([0, 1].map((index) => runToDirectory(tmr, { seed: 3, replications: 3000, workers: 1, chunkSize: 500, out: join(dir, `p${index}`), shard: { index, count: 2 } })));
const original = shards.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>);

/**
 * The first Moments' data (count > 0) inside an accumulator's JSON, and its path: found by its
 * fields, so that these tests do not depend on how the accumulator lays its metrics out.
 */
function firstMoments(accumulator: unknown): { value: Record<string, any>; path: string } {
  const stack: { value: unknown; path: string }[] = [{ value: accumulator, path: 'accumulator' }];
  while (stack.length > 0) {
    const { value, path } = stack.shift() as (typeof stack)[number];
    if (value === null || typeof value !== 'object') continue;
    const v = value as Record<string, any>;
    if ('sum' in v && 'sumSquares' in v && v['count'] > 0) return { value: v, path };
    for (const [k, child] of Object.entries(v)) stack.push({ value: child, path: `${path}.${k}` });
  }
  throw new Error('no Moments in the accumulator');
}
const momentsPath = firstMoments(original[0]?.['accumulator']).path.replaceAll('.', '\\.');

let n = 0;
/**
 * Writes shard 0 edited by `edit` beside an untouched copy of shard 1; returns both paths. `edit`
 * changes the data in place (returning undefined), or returns what to write instead (text with `asText`).
 */
function tampered(edit: (data: Record<string, any>) => unknown, asText = false): [string, string] {
  const folder = join(dir, `case${n++}`);
  mkdirSync(join(folder, 'a'), { recursive: true });
  mkdirSync(join(folder, 'b'), { recursive: true });
  const data = structuredClone(original[0]) as Record<string, any>;
  const result = edit(data);
  writeFileSync(join(folder, 'a', 'partial.json'), asText ? (result as string) : JSON.stringify(result === undefined ? data : result));
  copyFileSync(shards[1] as string, join(folder, 'b', 'partial.json'));
  return [join(folder, 'a', 'partial.json'), join(folder, 'b', 'partial.json')];
}

async function refusal(paths: string[]): Promise<FaultlineError> {
  const error = await mergePartials(paths, join(dir, `out${n++}`)).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FaultlineError);
  return error as FaultlineError;
}

describe('merge verifies every partial', () => {
  it('untouched, re-indented or with keys reordered: merges', async () => {
    await expect(mergePartials(shards, join(dir, 'ok'))).resolves.toMatchObject({ replications: 3000 });
    const [a, b] = tampered((d) => `${JSON.stringify(Object.fromEntries(Object.entries(d).reverse()), null, 2)}\n`, true);
    await expect(mergePartials([a, b], join(dir, 'reindented'))).resolves.toMatchObject({ replications: 3000 });
  });

  const digestCases: [string, (d: Record<string, any>) => void][] = [
    ['one number of an accumulator sum', (d) => void (firstMoments(d['accumulator']).value['sum'] = String(BigInt(firstMoments(d['accumulator']).value['sum']) + 1n))],
    ['an observation count', (d) => void (firstMoments(d['accumulator']).value['count'] += 1)],
    ['events', (d) => void (d['accumulator'].events -= 10)],
    ['the seed', (d) => void (d['seed'] = 4)],
    ['the chunk size', (d) => void (d['chunkSize'] = 250)],
  ];
  it.each(digestCases)('%s changed: refused, the digest does not match', async (_name, edit) => {
    const error = await refusal(tampered(edit));
    expect(error.message).toMatch(/case\d+\/a\/partial\.json: digest: expected sha256:[0-9a-f]{64} \(the digest of the content\), got "sha256:[0-9a-f]{64}": the file was changed after its shard wrote it/);
    expect(error.code).toBe('INVALID_PARTIAL');
  });

  it('the seed relabelled in every shard: refused', async () => {
    const paths = [0, 1].map((i) => {
      const path = join(dir, `relabel${i}.json`);
      writeFileSync(path, JSON.stringify({ ...original[i], seed: 99 }));
      return path;
    });
    expect((await refusal(paths)).message).toMatch(/relabel0\.json: digest: expected/);
  });

  it('the embedded scenario edited, its hash kept, the digest recomputed: refused by the recomputed scenario hash', async () => {
    // Recomputing the digest needs faultline's own code: the forger used partialText's recipe.
    const { createHash } = await import('node:crypto');
    const canonical = (v: unknown): string =>
      v === null || typeof v !== 'object'
        ? JSON.stringify(v)
        : Array.isArray(v)
          ? `[${v.map(canonical).join(',')}]`
          : `{${Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
    const [a, b] = tampered((d) => {
      d['scenario'].groups.modules.count = 4;
      const { digest: _digest, ...rest } = d;
      return { ...rest, digest: `sha256:${createHash('sha256').update(canonical(rest)).digest('hex')}` };
    });
    const error = await refusal([a, b]);
    expect(error.message).toMatch(/a\/partial\.json: (scenarioHash: expected [0-9a-f]{64} \(the hash of its scenario\)|.*services)/);
  });

  const shapeCases: [string, (d: Record<string, any>) => unknown, RegExp][] = [
    ['null', () => null, /a\/partial\.json: \(root\): expected a faultline partial result \(an object\), got null/],
    ['shard removed', (d) => void delete d['shard'], /a\/partial\.json: shard: expected a value, got undefined/],
    ['accumulator removed', (d) => void delete d['accumulator'], /a\/partial\.json: accumulator: expected a value, got undefined/],
    ['a Moments field removed', (d) => void delete firstMoments(d['accumulator']).value['sumSquares'], new RegExp(`a/partial\\.json: ${momentsPath}\\.sumSquares: expected a value, got undefined`)],
    ['the events count made a string', (d) => void (d['accumulator'].events = '12'), /a\/partial\.json: accumulator\.events: expected a count \(an integer >= 0\), got "12"/],
    ['a Moments count made a string', (d) => void (firstMoments(d['accumulator']).value['count'] = '12'), new RegExp(`${momentsPath}\\.count: expected a non-negative integer, got "12"`)],
    ['a Moments min above its max', (d) => void (firstMoments(d['accumulator']).value['min'] = firstMoments(d['accumulator']).value['max'] + 1), new RegExp(`${momentsPath}\\.min, max: expected finite numbers with min <= max`)],
    ['an old partial without format or digest', (d) => void (delete d['format'], delete d['digest']), /a\/partial\.json: format: expected 2 \(the partial\.json format of this faultline; re-run the shard with it\), got undefined/],
    ['an unknown field', (d) => void (d['extra'] = 1), /a\/partial\.json: extra: unknown field, got 1/],
    ['a scenario made invalid', (d) => void (d['scenario'].horizon = -1), /a\/partial\.json: scenario: horizon: expected a positive duration/],
  ];
  it.each(shapeCases)('%s: refused naming the path, no TypeError', async (_name, edit, message) => {
    const error = await refusal(tampered(edit));
    expect(error.message).toMatch(message);
  });

  it('truncated: refused as not JSON', async () => {
    const [a, b] = tampered((d) => JSON.stringify(d).slice(0, 5000), true);
    expect((await refusal([a, b])).message).toMatch(/a\/partial\.json: not valid JSON/);
  });

  it('the CLI: exit 2, the file and the reason on one line, no stack trace', () => {
    const [a, b] = tampered((d) => void delete d['shard']);
    const run = faultline(['merge', a, b, '--out', join(dir, 'cli')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`faultline: ${a}: shard: expected a value, got undefined\n`);
    expect(hasStackTrace(run.stderr)).toBe(false);
    const inside = faultline(['merge', ...shards, '--out', join(dir, 'p0')]);
    expect(inside.stderr).toMatch(/--out: expected a folder other than a shard's/);
    expect(inside.status).toBe(2);
  });
});

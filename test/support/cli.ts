/** Test-only: runs the built `faultline` command (npm test builds first) as a user would, and small scenario files for it. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command's entry point, as package.json's `bin` names it (FAULTLINE_TEST_BIN: another build's, to reproduce a defect on it). */
export const bin = process.env['FAULTLINE_TEST_BIN'] ?? fileURLToPath(new URL('../../dist/src/cli/faultline.js', import.meta.url));

/** Runs `faultline ...args` to completion. */
export function faultline(args: readonly string[], env: Readonly<Record<string, string>> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

/** Runs `faultline ...args` in the background; resolves with its exit code, signal and output. */
export function faultlineAsync(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): { child: ReturnType<typeof spawn>; done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A fresh temporary folder. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `faultline-${label}-`));
}

/** A one-group scenario (2 of 3 exponential modules, 1 year) with `edit` applied, as plain data. */
export function smallScenario(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    name: 'small',
    description: 'two of three modules',
    horizon: '1y',
    grid: { step: '730h' },
    groups: { modules: { count: 3, failure: { type: 'exponential', mean: '1000h' }, repair: { type: 'exponential', mean: '10h' } } },
    services: { small: { atLeast: 2, of: 'modules' } },
  };
  edit(s);
  return s;
}

/** Writes `json` (a value, or text as it is) to `<dir>/<name>.json` and returns the path. */
export function writeScenario(dir: string, name: string, json: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

/** True when stderr holds a JavaScript stack trace (a line such as "    at foo (file.js:1:2)"). */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m.test(stderr) || /\b(TypeError|RangeError|ReferenceError)\b/.test(stderr);
}

/** Every file (not folder) of `folder` with its content: what must not change when a run fails. */
export function snapshot(folder: string): Record<string, string> {
  const files = readdirSync(folder).sort().filter((f) => statSync(join(folder, f)).isFile());
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
}

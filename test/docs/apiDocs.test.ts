import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run docs` generates the API documentation (TypeDoc, typedoc.json) from the doc comments
 * of what src/index.ts exports; warnings are errors there (a broken {@link}, an unresolved
 * reference). This runs the same configuration without writing the pages.
 */
describe('npm run docs', () => {
  it('documents the public API without a warning', () => {
    const root = resolve(import.meta.dirname, '../..');
    const typedoc = resolve(root, 'node_modules/typedoc/bin/typedoc');
    let output = '';
    let status = 0;
    try {
      output = execFileSync(process.execPath, [typedoc, '--emit', 'none'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status?: number }).status ?? 1;
      output = String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
    }
    expect(output).not.toMatch(/warning|error/i);
    expect(status).toBe(0);
  }, 60_000);
});

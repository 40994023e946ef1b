/**
 * A previous commit, built into a temporary folder, so that the bench can time its engine in the
 * same sitting as today's (issue 12: the fast path must stay ≥ 0.95× the previous commit's R/100
 * events/s, and a figure kept from another day on this noisy machine would prove nothing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Baseline {
  /** The commit, as `git rev-parse` names it. */
  readonly commit: string;
  /** The folder holding its build (`dist/`). */
  readonly root: string;
  remove(): void;
}

/**
 * Checks `rev` out into a temporary worktree (detached), links this repository's node_modules and
 * compiles it with this repository's TypeScript. Returns undefined, with the reason, when the
 * repository has no git history here (a tarball install) or the commit does not build.
 */
export function buildBaseline(repoRoot: string, rev: string): Baseline | { skipped: string } {
  const git = (...a: string[]) => execFileSync('git', ['-C', repoRoot, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  } catch {
    return { skipped: `no commit ${rev} in ${repoRoot}` };
  }
  const root = mkdtempSync(join(tmpdir(), 'faultline-baseline-'));
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', root);
    } catch {
      rmSync(root, { recursive: true, force: true });
    }
  };
  try {
    git('worktree', 'add', '--detach', '--force', root, commit);
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'pipe' });
    if (!existsSync(join(root, 'dist/bench/main.js'))) throw new Error('no dist/bench/main.js');
  } catch (error) {
    remove();
    return { skipped: `${commit.slice(0, 12)} does not build here: ${(error as Error).message.split('\n')[0]}` };
  }
  return { commit, root, remove };
}

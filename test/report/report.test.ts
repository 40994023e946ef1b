import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ChartKind } from '../../src/report/htmlReport.js';
import { faultline, smallScenario, tempDir, writeScenario } from '../support/cli.js';

/**
 * The report in a real browser: Debian's headless Chromium (.ci/run installs it) loads each
 * report.html from disk, with no network, runs the inlined Vega-Lite, and we read the DOM it
 * rendered (every chart's SVG marks) and take a screenshot of each chart kind.
 * FAULTLINE_UPDATE_SCREENSHOTS=1 copies them to docs/images/ (shown in the README and docs/conventions.md, "Reports").
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const root = resolve(import.meta.dirname, '../..');

function browser(args: readonly string[]): string {
  return execFileSync(CHROMIUM as string, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--virtual-time-budget=30000', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

let checkFolder = '';
let sweepFolder = '';
let runFolder = '';
/** The chart kinds already photographed (each once). */
const shot = new Set<ChartKind>();

beforeAll(() => {
  const dir = tempDir('report');
  const file = writeScenario(dir, 'small', smallScenario());
  checkFolder = join(dir, 'check');
  sweepFolder = join(dir, 'sweep');
  const check = faultline(['check', file, '--reps', '2000', '--workers', '1', '--out', checkFolder]);
  if (check.status !== 0) throw new Error(check.stderr);
  const sweep = faultline(['sweep', file, '--set', 'groups.modules.repair.mean=5h,10h,20h', '--reps', '1000', '--workers', '1', '--out', sweepFolder]);
  if (sweep.status !== 0) throw new Error(sweep.stderr);
  runFolder = join(dir, 'run');
  const shocked = writeScenario(dir, 'shocked', smallScenario((s) => (s.shocks = { rack: { every: { type: 'exponential', mean: '2000h' }, members: ['modules'] } })));
  const run = faultline(['run', shocked, '--reps', '1000', '--workers', '1', '--outages', '--out', runFolder]);
  if (run.status !== 0) throw new Error(run.stderr);
}, 120_000);

describe('faultline report', () => {
  it('writes one self-contained page: no external script, stylesheet or fetch', async () => {
    const { path, sections } = await writeReport(checkFolder);
    expect(sections.map((s) => s.kind)).toEqual(['verdicts', 'curves', 'downtime']);
    const html = readFileSync(path, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!vega\.github\.io\/schema)[^"' ]+\.(js|css)/);
    expect(html).toContain('vega-embed/build/vega-embed.min.js');
  });

  it('refuses a folder that holds no results, naming it', async () => {
    await expect(writeReport(tempDir('empty'))).rejects.toThrow(/report: expected a folder written by faultline run, check or sweep .*, got ".*empty/);
  });

  const cases: [string, () => string, ChartKind[]][] = [
    ['a run folder with outages.csv', () => runFolder, ['curves', 'outages', 'downtime']],
    ['a check folder', () => checkFolder, ['verdicts', 'curves', 'downtime']],
    ['a sweep folder', () => sweepFolder, ['sweep', 'curves', 'downtime']],
  ];
  it.skipIf(CHROMIUM === undefined).each(cases)('renders every chart of %s in headless Chromium, and a screenshot of each kind not yet taken', async (_, folder, kinds) => {
    const { path, sections } = await writeReport(folder());
    expect(sections.map((s) => s.kind)).toEqual(kinds);
    const dom = browser(['--dump-dom', `file://${path}`]);
    expect(dom).toContain('data-rendered="true"');
    const charts = sections.reduce((n, s) => n + s.charts, 0);
    // Each chart rendered as an SVG with Vega's mark groups in it, not just its empty div.
    expect(dom.match(/<svg[^>]*class="marks"/g)?.length).toBe(charts);
    for (const kind of kinds) {
      const section = new RegExp(`<section data-chart="${kind}">([\\s\\S]*?)</section>`).exec(dom)?.[1] ?? '';
      if (kind !== 'verdicts') expect(section, kind).toMatch(/<path[^>]+d="M/);
      if (shot.has(kind)) continue;
      shot.add(kind);
      const png = join(tempDir(`shot-${kind}`), `report-${kind}.png`);
      browser(['--window-size=900,700', `--screenshot=${png}`, `file://${path}#only=${kind}`]);
      expect(statSync(png).size, kind).toBeGreaterThan(10_000);
      if (process.env['FAULTLINE_UPDATE_SCREENSHOTS'] === '1') copyFileSync(png, join(root, 'docs/images', `report-${kind}.png`));
    }
  }, 120_000);
});

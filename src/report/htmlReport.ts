/**
 * `faultline report <results folder>`: one self-contained report.html (docs/conventions.md, "Reports"): the
 * verdict table, A(t) and R(t) with bands and exact curves, outage durations and downtime by
 * cause, sweep curves with bands. Vega, Vega-Lite and vega-embed are inlined from their npm
 * builds, so the page needs no network to open.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { FaultlineError, describeValue } from '../errors.js';
import { writeTextAtomically } from '../io/AtomicFiles.js';
import { fromCsv } from '../io/csv.js';

type Row = Record<string, string | undefined>;

/** The kinds of chart a report may hold; each is a `<section data-chart="kind">`. */
export const CHART_KINDS = ['verdicts', 'curves', 'outages', 'downtime', 'sweep'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export interface ReportOutcome {
  readonly path: string;
  /** The sections written, in order: a kind and a title each. */
  readonly sections: readonly { readonly kind: ChartKind; readonly title: string; readonly charts: number }[];
}

interface Section {
  readonly kind: ChartKind;
  readonly title: string;
  readonly note: string;
  /** Vega-Lite specifications, one chart each (none for a table-only section). */
  readonly specs: readonly Record<string, unknown>[];
  readonly html: string;
}

const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));

async function readCsv(path: string): Promise<Row[]> {
  return fromCsv(readFileSync(path, 'utf8'));
}

/** Sub-folders of `folder` that hold a run's results (a summary.csv). */
function resultFolders(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => statSync(join(folder, name)).isDirectory() && existsSync(join(folder, name, 'summary.csv')))
    .sort()
    .map((name) => join(folder, name));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function verdictSection(rows: readonly Row[]): Section {
  const shown = rows.filter((r) => !(r['metric']?.includes('@') && r['formula']?.startsWith('exact CTMC')));
  const curves = rows.length - shown.length;
  const fmt = (v: string | undefined) => {
    const x = num(v);
    return x === null ? '—' : Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6) ? x.toExponential(4) : x.toPrecision(6);
  };
  const body = shown
    .map((r) => {
      const verdict = r['verdict'] ?? '';
      return `<tr class="${escapeHtml(verdict)}"><td>${escapeHtml(r['scenario'] ?? '')}</td><td>${escapeHtml(r['metric'] ?? '')}</td><td>${escapeHtml(r['formula'] ?? '')}</td><td>${escapeHtml(r['kind'] ?? '')}</td><td>${fmt(r['estimate'])}</td><td>[${fmt(r['ci_low'])}, ${fmt(r['ci_high'])}]</td><td>${fmt(r['analytic'])}</td><td>${escapeHtml(verdict)}</td></tr>`;
    })
    .join('\n');
  const tally = ['consistent', 'refuted', 'inconclusive'].map((v) => ({ verdict: v, kind: 'correct', n: 0 })).concat(['consistent', 'refuted', 'inconclusive'].map((v) => ({ verdict: v, kind: 'published', n: 0 })));
  for (const r of rows) {
    const t = tally.find((x) => x.verdict === r['verdict'] && x.kind === (r['kind'] === 'published' ? 'published' : 'correct'));
    if (t !== undefined) t.n++;
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Verdicts (every pair, curve points included)',
    data: { values: tally },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'kind', type: 'nominal', title: null },
      x: { field: 'n', type: 'quantitative', title: 'pairs', stack: 'zero' },
      color: { field: 'verdict', type: 'nominal', scale: { domain: ['consistent', 'inconclusive', 'refuted'], range: ['#4c9a2a', '#bbbbbb', '#c0392b'] } },
    },
    width: 600,
  };
  return {
    kind: 'verdicts',
    title: 'Verdicts',
    note: `${shown.length} pairs below (and ${curves} exact curve points, tallied in the chart). Refuted published formulas are findings; a refuted correct formula is a bug.`,
    specs: [spec],
    html: `<table><thead><tr><th>scenario</th><th>metric</th><th>formula</th><th>kind</th><th>estimate</th><th>interval</th><th>analytic</th><th>verdict</th></tr></thead><tbody>${body}</tbody></table>`,
  };
}

function curveSpec(scenario: string, rows: readonly Row[]): Record<string, unknown> {
  const values = rows.map((r) => ({ t: num(r['t_hours']), metric: r['metric'], estimate: num(r['estimate']), low: num(r['ci_low']), high: num(r['ci_high']), exact: num(r['analytic']) }));
  const x = { field: 't', type: 'quantitative', title: 't (hours)' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${scenario}: A(t) and R(t), simulated (band: interval) and exact (dashed)`,
    data: { values },
    width: 600,
    height: 260,
    encoding: { x, color: { field: 'metric', type: 'nominal' } },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'low', type: 'quantitative', title: 'probability', scale: { zero: false } }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true, tooltip: true }, encoding: { y: { field: 'estimate', type: 'quantitative' } } },
      { transform: [{ filter: 'datum.exact !== null' }], mark: { type: 'line', strokeDash: [6, 4] }, encoding: { y: { field: 'exact', type: 'quantitative' } } },
    ],
  };
}

/**
 * The outage charts, aggregated here (a long run has millions of outages): durations in bins of
 * a tenth of a decade per service, and downtime summed per (service, the group and cause of the
 * change that started the outage).
 */
function outageSpecs(scenario: string, rows: readonly Row[]): { durations: Record<string, unknown>; causes: Record<string, unknown> } {
  const bins = new Map<string, { service: string; low: number; high: number; outages: number }>();
  const causes = new Map<string, { service: string; cause: string; downtime: number }>();
  for (const r of rows) {
    const service = r['service'] ?? '';
    const duration = num(r['duration_hours']) ?? 0;
    if (duration > 0) {
      const b = Math.floor(Math.log10(duration) * 10);
      const key = `${service}\u0000${b}`;
      const bin = bins.get(key) ?? { service, low: b / 10, high: (b + 1) / 10, outages: 0 };
      bin.outages++;
      bins.set(key, bin);
    }
    const cause = r['start_group'] === undefined ? (r['start_cause'] ?? 'unknown') : `${r['start_group']} ${r['start_cause'] ?? ''}`;
    const key = `${service}\u0000${cause}`;
    const c = causes.get(key) ?? { service, cause, downtime: 0 };
    c.downtime += duration;
    causes.set(key, c);
  }
  return {
    durations: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `${scenario}: outage durations (${rows.length} outages, all replications)`,
      data: { values: [...bins.values()] },
      width: 600,
      height: 220,
      mark: { type: 'rect', tooltip: true, opacity: 0.8 },
      encoding: {
        x: { field: 'low', type: 'quantitative', title: 'log10 outage duration (hours)', scale: { zero: false } },
        x2: { field: 'high' },
        y: { field: 'outages', type: 'quantitative', title: 'outages' },
        y2: { datum: 0 },
        color: { field: 'service', type: 'nominal' },
      },
    },
    causes: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `${scenario}: downtime by the change that started each outage`,
      data: { values: [...causes.values()] },
      width: 600,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'cause', type: 'nominal', sort: '-x', title: null },
        x: { field: 'downtime', aggregate: 'sum', type: 'quantitative', title: 'downtime (hours, all replications)' },
        color: { field: 'service', type: 'nominal' },
      },
    },
  };
}

function downtimeSpec(scenario: string, rows: readonly Row[]): Record<string, unknown> | null {
  const values = rows
    .filter((r) => r['metric']?.endsWith('.downtime_hours'))
    .map((r) => ({ service: (r['metric'] as string).replace(/\.downtime_hours$/, ''), estimate: num(r['estimate']), low: num(r['ci_low']), high: num(r['ci_high']) }));
  if (values.length === 0) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${scenario}: expected downtime per replication, by service (with intervals)`,
    data: { values },
    width: 600,
    encoding: { y: { field: 'service', type: 'nominal', title: null } },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { x: { field: 'estimate', type: 'quantitative', title: 'downtime (hours)' } } },
      { mark: { type: 'rule' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  };
}

function sweepSpecs(rows: readonly Row[], parameters: readonly { column: string }[]): Record<string, unknown>[] {
  const first = parameters[0]?.column;
  if (first === undefined) return [];
  const second = parameters[1]?.column;
  const services = [...new Set(rows.filter((r) => r['metric']?.endsWith('.unavailability')).map((r) => r['metric'] as string))];
  return services.map((metric) => {
    const picked = rows.filter((r) => r['metric'] === metric);
    const numeric = picked.every((r) => Number.isFinite(Number(r[first])));
    const values = picked.map((r) => ({ x: numeric ? Number(r[first]) : r[first], series: second === undefined ? metric : `${second}=${r[second]}`, estimate: num(r['estimate']), low: num(r['ci_low']), high: num(r['ci_high']) }));
    const x = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: first };
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `${metric} across the sweep (band: interval)`,
      data: { values },
      width: 600,
      height: 260,
      encoding: { x, color: { field: 'series', type: 'nominal' } },
      layer: [
        { mark: { type: 'area', opacity: 0.2 }, encoding: { y: { field: 'low', type: 'quantitative', title: 'unavailability' }, y2: { field: 'high' } } },
        { mark: { type: 'line', point: true, tooltip: true }, encoding: { y: { field: 'estimate', type: 'quantitative' } } },
      ],
    };
  });
}

/** The three libraries' UMD builds, read from node_modules, safe inside a `<script>`. */
function inlinedLibraries(): string {
  const require = createRequire(import.meta.url);
  const files = [
    ['vega', 'build/vega.min.js'],
    ['vega-lite', 'build/vega-lite.min.js'],
    ['vega-embed', 'build/vega-embed.min.js'],
  ] as const;
  // The builds are not in the packages' `exports`: find each package's folder from its entry point.
  const folderOf = (name: string) => {
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
      const up = dirname(dir);
      if (up === dir) throw Object.assign(new Error(`no package.json of ${name}`), { code: 'ENOENT' });
      dir = up;
    }
    return dir;
  };
  return files
    .map(([name, path]) => {
      const f = `${name}/${path}`;
      let text: string;
      try {
        text = readFileSync(join(folderOf(name), path), 'utf8');
      } catch (error) {
        throw new FaultlineError('IO', `report: cannot read ${f} (${(error as NodeJS.ErrnoException).code ?? String(error)}); reinstall faultline's dependencies`);
      }
      return `<script>/* ${f} */\n${text.replace(/<\/script/gi, '<\\/script')}\n</script>`;
    })
    .join('\n');
}

/**
 * Builds the report of `folder` — a `run` folder (summary.csv, timeseries.csv), a `check` folder
 * (check.csv and one folder per scenario) or a `sweep` folder (sweep.csv, sweep.json and one
 * folder per point) — and writes it atomically to `out` (default `<folder>/report.html`).
 * Sections appear for what the folder holds: outages.csv (from `--outages`) adds the outage
 * durations and downtime by cause.
 * @throws FaultlineError INVALID_ARGUMENT when `folder` holds no results.
 */
export async function writeReport(folder: string, out = join(folder, 'report.html')): Promise<ReportOutcome> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new FaultlineError('INVALID_ARGUMENT', `report: expected a results folder, got ${describeValue(folder)}`);
  const sections: Section[] = [];
  if (existsSync(join(folder, 'check.csv'))) sections.push(verdictSection(await readCsv(join(folder, 'check.csv'))));
  const isSweep = existsSync(join(folder, 'sweep.csv')) && existsSync(join(folder, 'sweep.json'));
  if (isSweep) {
    const meta = JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8')) as { scenario?: string; parameters?: { column: string }[]; seed?: number; replications?: number };
    const specs = sweepSpecs(await readCsv(join(folder, 'sweep.csv')), meta.parameters ?? []);
    sections.push({ kind: 'sweep', title: `Sweep of ${meta.scenario ?? basename(folder)}`, note: `Every point with seed ${meta.seed}, ${meta.replications} replications, common random numbers; each band is that point's own interval.`, specs, html: '' });
  }
  const runs = existsSync(join(folder, 'summary.csv')) ? [folder] : isSweep ? resultFolders(folder).slice(0, 1) : resultFolders(folder);
  for (const run of runs) {
    const name = basename(run);
    const series = existsSync(join(run, 'timeseries.csv')) ? await readCsv(join(run, 'timeseries.csv')) : [];
    const byScenario = series.length > 0 ? (series[0]?.['scenario'] ?? name) : name;
    if (series.length > 0) sections.push({ kind: 'curves', title: `${byScenario}${isSweep ? ` (point ${name})` : ''}: point availability and reliability`, note: 'A(t): P(up at t); R(t): P(no outage by t). Solid: simulated, with its interval as a band; dashed: the exact value where the oracle has one.', specs: [curveSpec(byScenario, series)], html: '' });
    if (existsSync(join(run, 'outages.csv'))) {
      const { durations, causes } = outageSpecs(byScenario, await readCsv(join(run, 'outages.csv')));
      sections.push({ kind: 'outages', title: `${byScenario}: outages`, note: 'Every outage of every replication (outages.csv); clipped outages are cut at the horizon.', specs: [durations], html: '' });
      sections.push({ kind: 'downtime', title: `${byScenario}: downtime by cause`, note: 'Downtime summed over all replications, by the component state change that started each outage.', specs: [causes], html: '' });
    } else {
      const spec = downtimeSpec(byScenario, await readCsv(join(run, 'summary.csv')));
      if (spec !== null) sections.push({ kind: 'downtime', title: `${byScenario}: downtime by service`, note: 'Expected downtime per replication with its interval (run with --outages for downtime by cause).', specs: [spec], html: '' });
    }
  }
  if (sections.length === 0) throw new FaultlineError('INVALID_ARGUMENT', `report: expected a folder written by faultline run, check or sweep (summary.csv, check.csv or sweep.csv), got ${describeValue(folder)}`);
  let chart = 0;
  const body = sections
    .map((s) => {
      const divs = s.specs.map(() => `<div class="chart" id="chart-${chart++}"></div>`).join('\n');
      return `<section data-chart="${s.kind}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.note)}</p>\n${divs}\n${s.html}</section>`;
    })
    .join('\n');
  const specs = sections.flatMap((s) => s.specs);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline report: ${escapeHtml(basename(folder))}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 12px; } td, th { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; }
tr.refuted td:last-child { color: #c0392b; font-weight: bold; } tr.consistent td:last-child { color: #4c9a2a; }
section { margin-bottom: 2em; } .chart { margin: 0.5em 0; }
</style>
${inlinedLibraries()}
</head><body>
<h1>faultline report: ${escapeHtml(basename(folder))}</h1>
${body}
<script>
const specs = ${JSON.stringify(specs).replace(/<\//g, '<\\/')};
// #only=<kind> shows one kind of section (for screenshots).
const only = new URLSearchParams(location.hash.slice(1)).get('only');
if (only) for (const s of document.querySelectorAll('section')) if (s.dataset.chart !== only) s.remove();
Promise.all(specs.map((spec, i) => document.getElementById('chart-' + i) ? vegaEmbed('#chart-' + i, spec, { renderer: 'svg', actions: false }) : null))
  .then(() => document.body.dataset.rendered = 'true', (e) => { document.body.dataset.rendered = 'error'; document.body.append('Rendering failed: ' + e); });
</script>
</body></html>
`;
  writeTextAtomically(out, html);
  return { path: out, sections: sections.map((s) => ({ kind: s.kind, title: s.title, charts: s.specs.length })) };
}

/** importance.csv (`faultline importance`): the simulated importance measures with their intervals, beside the exact values where they exist. */
import type { Cell } from '../io/csv.js';
import type { Scenario } from '../scenario/validateScenario.js';
import type { Estimate, ImportanceEstimate, UnitImportance } from './estimateImportance.js';
import { exactImportance, exactImportanceUnsupported, type ExactImportanceFractions } from './exactImportance.js';

export const IMPORTANCE_COLUMNS = ['scenario', 'seed', 'replications', 'service', 'unit', 'unit_kind', 'measure', 'estimate', 'std_error', 'ci_low', 'ci_high', 'exact'] as const;
export type ImportanceRow = Readonly<Record<(typeof IMPORTANCE_COLUMNS)[number], Cell>>;

const MEASURES = ['birnbaum', 'criticality', 'raw', 'rrw'] as const;

/** A measure's exact value from the exact time fractions and the service's unavailability U. */
function exactOf(measure: (typeof MEASURES)[number], f: ExactImportanceFractions, u: number): number {
  switch (measure) {
    case 'birnbaum':
      return f.critical;
    case 'criticality':
      return f.restores / u;
    case 'raw':
      return f.downIfDown / u;
    case 'rrw':
      return u / f.downIfUp;
  }
}

/**
 * One row per (service, unit, measure): the components (`group[index]`), the groups forced
 * whole, and each group's share of the downtime (`downtime_share`, and `none` for outages no
 * component change started); `exact` where the scenario's components are independent and
 * exponential (exactImportance), and the reason it is empty otherwise in `exactNote`.
 */
export function importanceRows(scenario: Scenario, seed: number, est: ImportanceEstimate): { rows: ImportanceRow[]; exactNote: string | null } {
  const exactNote = exactImportanceUnsupported(scenario);
  const exact = exactNote === null ? exactImportance(scenario) : null;
  const rows: ImportanceRow[] = [];
  const row = (service: string, unit: string, kind: string, measure: string, e: Estimate, x: number | undefined): void => {
    rows.push({ scenario: scenario.name, seed, replications: est.reps, service, unit, unit_kind: kind, measure, estimate: e.value, std_error: e.stderr, ci_low: e.low, ci_high: e.high, exact: x });
  };
  for (const svc of scenario.services) {
    const s = svc.name;
    const u = exact?.unavailability[s];
    row(s, s, 'service', 'unavailability', est.unavailability[s] as Estimate, u);
    const units = (table: Readonly<Record<string, UnitImportance>>, kind: 'component' | 'group') => {
      for (const [unit, m] of Object.entries(table)) {
        const group = kind === 'group' ? unit : unit.replace(/\[\d+\]$/, '');
        const f = kind === 'group' ? exact?.group[s]?.[group] : exact?.component[s]?.[group];
        for (const measure of MEASURES) row(s, unit, kind, measure, m[measure], f === undefined || u === undefined ? undefined : exactOf(measure, f, u));
      }
    };
    units(est.group[s] ?? {}, 'group');
    units(est.component[s] ?? {}, 'component');
    for (const [unit, e] of Object.entries(est.downtimeShare[s] ?? {})) row(s, unit, unit === 'none' ? 'none' : 'group', 'downtime_share', e, undefined);
  }
  return { rows, exactNote };
}

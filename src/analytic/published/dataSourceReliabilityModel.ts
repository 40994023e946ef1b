/** Seed 000's `DataSourceReliabilityModel`, as published: per-query source success as availability^(t/8760). */

import { requireNonNegative, keyedEntries, type Keyed } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/** One row of the seed's `source_types` table. */
export interface DataSourceType {
  readonly availability: number;
  /** In the table, never used by the seed's formulas. */
  readonly mttrHours: number;
}

/** One entry of `federated_query_reliability`'s result. */
export interface FederatedQueryResult {
  readonly sources: readonly string[];
  readonly reliability: number;
  /** `(1 - reliability) * 24`. */
  readonly expectedFailuresPerDay: number;
}

/**
 * The published object. Assumes independent sources and reads each table availability as if it
 * were a one-year survival probability; unknown sources count 0.99 whatever the duration.
 */
export interface DataSourceReliabilityModel {
  readonly sourceTypes: ReadonlyMap<string, DataSourceType>;
  /** Π over the listed sources (repeats included) of `availability ** (time_hours / 8760)`, 0.99 per unknown source; default 1 h. */
  querySuccessProbability(requiredSources: readonly string[], timeHours?: number): number;
  /** querySuccessProbability for each named combination, in the input's order; default 1 h. */
  federatedQueryReliability(sourceCombinations: Keyed<readonly string[]>, timeHours?: number): Map<string, FederatedQueryResult>;
}

const SOURCE_TYPES: ReadonlyMap<string, DataSourceType> = new Map([
  ['S3', { availability: 0.9999, mttrHours: 0.5 }],
  ['Snowflake', { availability: 0.999, mttrHours: 2.0 }],
  ['PostgreSQL', { availability: 0.995, mttrHours: 4.0 }],
  ['Elasticsearch', { availability: 0.99, mttrHours: 1.0 }],
]);

/**
 * `DataSourceReliabilityModel()` translated line by line (the table is a Map, so keys such as
 * "toString" are unknown sources, as in Python).
 *
 * @example dataSourceReliabilityModel().querySuccessProbability(['S3']) // 0.9999999885839042
 */
export function dataSourceReliabilityModel(): DataSourceReliabilityModel {
  const querySuccessProbability = (requiredSources: readonly string[], timeHours = 1): number => {
    requireNonNegative('timeHours', timeHours);
    let successProbability = 1.0;
    for (const source of requiredSources) {
      const type = SOURCE_TYPES.get(source);
      if (type !== undefined) {
        const hourlyReliability = type.availability ** (timeHours / 8760);
        successProbability *= hourlyReliability;
      } else {
        successProbability *= 0.99;
      }
    }
    return successProbability;
  };
  return {
    sourceTypes: SOURCE_TYPES,
    querySuccessProbability,
    federatedQueryReliability: (sourceCombinations, timeHours = 1) => {
      const analysis = new Map<string, FederatedQueryResult>();
      for (const [comboName, sources] of keyedEntries(sourceCombinations)) {
        const reliability = querySuccessProbability(sources, timeHours);
        analysis.set(comboName, { sources, reliability, expectedFailuresPerDay: (1 - reliability) * 24 });
      }
      return analysis;
    },
  };
}

const POWER_OF_AVAILABILITY =
  'availability ** (t/8760) reads the availability as a one-year survival probability and takes its t/8760-th power; the probability that a source is up when the query starts and stays up for t hours is A·exp(−t/MTTF) with MTTF = MTTR·A/(1−A) (exponential up times, steady state), which tends to A, not 1, as t → 0 (S3, 1 h: published 0.99999999, renewal model 0.99970)';

export const dataSourceReliabilityModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'DataSourceReliabilityModel.query_success_probability',
    claims: 'probability that all required sources are available for a query lasting time_hours (default 1)',
    assumes: ['independent sources', 'the table availability is an "annual availability" that can be spread over time as a power', 'unknown sources succeed with probability 0.99'],
    flaws: [
      POWER_OF_AVAILABILITY,
      'the table\'s mttr_hours is never used, although the correct formula needs it',
      'unknown sources get a flat 0.99 whatever time_hours is',
      'a source listed twice is multiplied in twice, as if it were two independent sources',
    ],
    compareWith: 'the simulated fraction of query start times (uniform, steady state) at which every required source is up and stays up for time_hours, each source alternating with the table MTTR and MTTF = MTTR·A/(1−A)',
  },
  {
    id: 'DataSourceReliabilityModel.federated_query_reliability',
    claims: 'per query scenario: the success probability and the expected failures per day',
    assumes: ['as query_success_probability', 'one query per hour (expected_failures_per_day = (1 − reliability)·24)'],
    flaws: [
      POWER_OF_AVAILABILITY,
      '(1 − reliability)·24 is the expected number of failed queries per day only for one query of time_hours = 1 starting each hour; for any other time_hours it mixes units',
    ],
    compareWith: 'per scenario, the simulated fraction of queries (uniform start times, duration time_hours) that find every source up throughout, and the simulated failed queries per day at one query per hour',
  },
];

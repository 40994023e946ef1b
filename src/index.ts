/** faultline's public library API: everything the CLI uses, and what notebooks and scripts may import. */
export { FaultlineError, type FaultlineErrorCode } from './errors.js';
export { Engine, type EngineOptions, type EventHandle, type EventHandler } from './engine/Engine.js';
export type { Stream } from './random/Stream.js';
export { StreamDeriver, StreamKey, ReplicationStreams, deriveStream } from './random/streams.js';
export { ReloadableTychei } from './random/ReloadableTychei.js';
export { DEFAULT_GENERATOR, generators, type GeneratorName } from './random/generators.js';
export * from './random/distributions/index.js';
export { Moments, type MomentsData } from './stats/Moments.js';
export { ExactSum } from './stats/ExactSum.js';
export { TimeWeighted } from './stats/TimeWeighted.js';
export * from './stats/intervals.js';
export { zScore, twoSidedPValue } from './stats/zScore.js';
export { holm } from './stats/holm.js';
export * from './analytic/kOfNGroups.js';
export { parseDuration } from './scenario/duration.js';
export * from './scenario/validateScenario.js';
export { LIMITS, jsonSizeProblem } from './scenario/limits.js';
export { scenarioJsonSchema } from './scenario/jsonSchema.js';
export { loadScenario } from './io/loadScenario.js';
export { bundledScenarioDir, bundledScenarioPath, bundledScenarioPaths } from './io/bundledScenarios.js';
export { Simulation, runReplication, DEFAULT_MAX_EVENTS, type ReplicationRecord, type ServiceRecord } from './sim/Simulation.js';
export { checkScenario, validateForSimulation, type CheckOptions as ScenarioCheckOptions } from './sim/checkScenario.js';
export { runScenario, type RunOptions } from './run/runScenario.js';
export { kOfNGroupsOf } from './check/kOfNGroupsOf.js';
export { pairsFor, decide, binomialPValue, normalPValue, type Evidence, type Pair, type CheckRow, type CheckVerdict, type FormulaKind } from './check/crossCheck.js';
export {
  runCheck,
  check,
  type InMemoryCheckOptions,
  annotateSummary,
  checkRuns,
  headlineScenarios,
  inconclusiveText,
  isCurveRow,
  formatNumber,
  type CheckOptions,
  type CheckOutcome,
  type CheckPlanItem,
  type CheckRun,
} from './check/runCheck.js';
export { ScenarioAccumulator, type ScenarioAccumulatorData, type ReplicationOutput } from './run/ScenarioAccumulator.js';
export { runMonteCarlo, shardRange, DEFAULT_CHUNK_SIZE, type MonteCarloOptions, type MonteCarloResult, type Shard } from './run/runMonteCarlo.js';
export { runToDirectory, mergePartials, scenarioHash, type Annotate, type RunOutcome, type RunToDirectoryOptions } from './run/runToDirectory.js';
export { PARTIAL_FORMAT, readPartial, type Partial, type PartialRun } from './run/partialFile.js';
export { toScenarioFile } from './io/toScenarioFile.js';
export { parseOverride, applyAssignments, singleAssignments, grid, type Override, type Assignment } from './scenario/overrides.js';
export { sweepPoints, sweepColumns, runSweep, pointComplete, describePoint, type SweepPoint, type SweepColumn, type SweepOptions, type SweepOutcome } from './run/runSweep.js';
export {
  summaryRows,
  timeseriesRows,
  estimateMetric,
  estimateAll,
  ratioEstimate,
  histogramCdf,
  type MetricEstimate,
  type RatioEstimate,
  type HistogramCdfEstimate,
} from './run/summarize.js';
export { metricTable, type MetricTable } from './run/metricTable.js';
export type { Metric, Quantity, Curve, Histogram } from './sim/kernel/MetricRegistry.js';
export { HISTOGRAM_QUANTILES } from './sim/kernel/MetricRegistry.js';
export { binOf, lowerEdge, upperEdge, histogramQuantile, BIN_COUNT, OVERFLOW_BIN, HISTOGRAM_MIN, HISTOGRAM_MAX, SUB_BUCKETS } from './stats/LogHistogram.js';
export { HistogramAccumulator, MAX_VALUES_PER_REPLICATION, type HistogramData } from './stats/HistogramAccumulator.js';
export { ratioStatistics, type RatioSums, type RatioStatistics } from './stats/ratioEstimator.js';
export { SUMMARY_COLUMNS, TIMESERIES_COLUMNS, fromCsv, toCsv, type SummaryRow, type TimeseriesRow } from './io/csv.js';
export { RESULT_FILES, prepareOutputFile, prepareOutputFolder, removeTemporaries, writeTextAtomically } from './io/AtomicFiles.js';
export { faultlineVersion } from './io/bundledScenarios.js';
export { detectorClaims, type DetectorClaim } from './check/detectorPairs.js';
export { electionClaims, type ElectionClaim } from './check/electionPairs.js';
export { exactFor, exactForGroups, exactForShocks, isExact, type ExactGroup, type ExactShock, type ExactResult, type ExactService, type NotExact } from './check/exactFor.js';
export { workloadClaims, type WorkloadClaim } from './check/workloadPairs.js';
export { breakerClaims, pipelineClaims, type PipelineClaim } from './check/pipelinePairs.js';
export { reflectionClaims } from './check/reflectionPairs.js';
export { recoveryClaims } from './check/recoveryPairs.js';
export { checkClaims, claimsFor, quantileMetric } from './check/userClaims.js';
export { checkRisk, riskReport, riskLines, RISK_STATEMENT, type RiskReport, type RiskInputValue } from './check/riskScore.js';
export { RISK_INPUTS, type RiskInput, type RiskSpec } from './scenario/riskSpec.js';
export { CLAIM_KINDS, claimRange, claimText, type ClaimSpec, type ClaimKind } from './scenario/claimSpec.js';
export { readJsonFile } from './io/readJsonFile.js';
export { publishedFor, overSpan, type PublishedComparison } from './check/publishedFor.js';
export { meanEstimate, meanPValue, type MeanEstimate, type MeanSupport } from './stats/meanEstimate.js';
export { stringerBounds, garwoodBounds } from './stats/lowInformationBounds.js';
export { LOW_INFORMATION_COUNT } from './stats/lowInformation.js';
export * as published from './analytic/published/index.js';
export * as analytic from './analytic/index.js';
export { writeReport, CHART_KINDS, type ChartKind, type ReportOutcome } from './report/htmlReport.js';
export { estimateImportance, type Estimate as ImportanceInterval, type ImportanceEstimate, type UnitImportance } from './run/estimateImportance.js';
export { exactImportance, exactImportanceUnsupported, type ExactImportance, type ExactImportanceFractions } from './run/exactImportance.js';
export { importanceRows, IMPORTANCE_COLUMNS, type ImportanceRow } from './run/importanceRows.js';

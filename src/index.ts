/** faultline's public library API: everything the CLI uses, and what notebooks and scripts may import. */
export { FaultlineError, type FaultlineErrorCode } from './errors.js';
export { Engine, type EngineOptions, type EventHandle, type EventHandler } from './engine/Engine.js';
export type { Stream } from './random/Stream.js';
export { StreamDeriver, StreamKey, ReplicationStreams, deriveStream } from './random/streams.js';
export { DEFAULT_GENERATOR, generators, type GeneratorName } from './random/generators.js';
export * from './random/distributions/index.js';
export { Moments, type MomentsData } from './stats/Moments.js';
export { ExactSum } from './stats/ExactSum.js';
export { TimeWeighted } from './stats/TimeWeighted.js';
export * from './stats/intervals.js';
export { zScore } from './stats/zScore.js';
export { holm } from './stats/holm.js';
export * from './analytic/kOfNGroups.js';
export { GroupSystem, type ComponentGroup, type GroupSystemRecord, type GroupSystemSpec } from './sim/GroupSystem.js';
export { referenceClusterSpec } from './sim/referenceCluster.js';
export { runGroupSystem, type GroupSystemSummary, type RunOptions } from './run/runGroupSystem.js';
export { checkGroupSystem, type GroupSystemCheck, type Verdict } from './check/checkGroupSystem.js';

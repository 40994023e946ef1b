/** Seed 000's closed-form models exactly as published (bugs included), with what each claims, assumes and gets wrong. */

import { clusterReliabilityModelInfo } from './clusterReliabilityModel.js';
import { dataSourceReliabilityModelInfo } from './dataSourceReliabilityModel.js';
import { networkPartitionModelInfo } from './networkPartitionModel.js';
import { nodeReliabilityModelInfo } from './nodeReliabilityModel.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';
import { queryTimeoutModelInfo } from './queryTimeoutModel.js';
import { recoveryTimeModelInfo } from './recoveryTimeModel.js';
import { reflectionFailureModelInfo } from './reflectionFailureModel.js';
import { resourceFailureModelInfo } from './resourceFailureModel.js';
import { riskAssessmentModelInfo } from './riskAssessmentModel.js';

export type { Keyed } from './arguments.js';
export type { PublishedModelInfo } from './publishedModelInfo.js';
export * from './nodeReliabilityModel.js';
export * from './clusterReliabilityModel.js';
export * from './networkPartitionModel.js';
export * from './dataSourceReliabilityModel.js';
export * from './resourceFailureModel.js';
export * from './queryTimeoutModel.js';
export * from './reflectionFailureModel.js';
export * from './recoveryTimeModel.js';
export * from './riskAssessmentModel.js';

/** Every published function of seed 000, in the seed's order, one entry per `Class.method`. */
export const publishedModels: readonly PublishedModelInfo[] = [
  ...nodeReliabilityModelInfo,
  ...clusterReliabilityModelInfo,
  ...networkPartitionModelInfo,
  ...dataSourceReliabilityModelInfo,
  ...resourceFailureModelInfo,
  ...queryTimeoutModelInfo,
  ...reflectionFailureModelInfo,
  ...recoveryTimeModelInfo,
  ...riskAssessmentModelInfo,
];

/** The duration distributions: factories, their types, and `fromSpec` for plain-object descriptions. */

export { largestSample, type Distribution } from './Distribution.js';
export { deterministic, type DeterministicDistribution, type DeterministicParams } from './deterministic.js';
export { empirical, type EmpiricalDistribution } from './empirical.js';
export { exponential, type ExponentialDistribution, type ExponentialParams } from './exponential.js';
export { fromSpec, type DistributionSpec, type DistributionType } from './fromSpec.js';
export { gamma, type GammaDistribution, type GammaParams } from './gamma.js';
export {
  lognormal,
  lognormalFromMoments,
  type LognormalDistribution,
  type LognormalMomentParams,
  type LognormalParams,
} from './lognormal.js';
export { truncatedNormal, type TruncatedNormalDistribution, type TruncatedNormalParams } from './truncatedNormal.js';
export { uniform, type UniformDistribution, type UniformParams } from './uniform.js';
export { weibull, type WeibullDistribution, type WeibullParams } from './weibull.js';

/**
 * The closed forms, as one namespace (`import { analytic } from 'faultline'`): each function
 * cites its source and states its assumptions in its own module. Seed 000's models as published
 * are apart, under `published`.
 */
export * from './alternatingRenewal.js';
export * from './backoff.js';
export * from './breakers.js';
export * from './detectors.js';
export * from './election.js';
export * from './faultStates.js';
export * from './fullMeshNetwork.js';
export * from './kOfN.js';
export * from './kOfNGroups.js';
export * from './lognormalLatency.js';
export * from './messageLoss.js';
export * from './mgInfinity.js';
export * from './parallelRecovery.js';
export * from './criticalPath.js';
export * from './queueing.js';
export * from './reflectionDag.js';
export * from './repairableComponent.js';
export * from './structures.js';
export * as ctmc from './ctmc/index.js';

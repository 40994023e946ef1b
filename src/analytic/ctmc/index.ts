/** Continuous-time Markov chains: generators, steady state, transient solution by uniformization, absorption and accumulated reward. */
export * from './absorption.js';
export * from './expectedTimeIn.js';
export * from './generator.js';
export * from './poissonWindow.js';
export * from './steadyState.js';
export * from './transient.js';
export * from './uniformize.js';

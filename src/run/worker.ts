/** The piscina worker: a thin shell over the chunk runner. */
export { runChunk as default } from './runChunk.js';

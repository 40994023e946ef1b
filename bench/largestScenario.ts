/** The largest scenario the limits accept (scenario/limits.ts), at or near every limit at once: what `npm run bench` times validating. */
import { LIMITS } from '../src/scenario/limits.js';

/**
 * 1 000 groups (the limit) of 50 components (50 000) joined by 50 000 explicit edges (components
 * and links together at the 100 000 limit), 1 000 crews, 1 000 services (the limit) with 10 000
 * members in all (the limit), 1 000 grid times (services × grid times at the 10^6 limit) and 10
 * windows (services × windows at the 10^4 limit). As plain JSON data, as a file would hold it.
 */
export function largestScenario(): Record<string, unknown> {
  const groupCount = LIMITS.groups;
  const perGroup = (LIMITS.components / 2) / groupCount;
  const groups: Record<string, unknown> = {};
  const crews: Record<string, number> = {};
  for (let g = 0; g < groupCount; g++) {
    crews[`crew${g}`] = 2;
    groups[`g${g}`] = {
      kind: 'component',
      count: perGroup,
      failure: { type: g % 2 === 0 ? 'exponential' : 'weibull', ...(g % 2 === 0 ? { mean: '1y' } : { shape: 1.5, scale: '1y' }) },
      repair: { type: 'lognormal', mean: '4h', sd: '2h' },
      crew: `crew${g}`,
    };
  }
  const edges: [string, string][] = [];
  for (let i = 0; edges.length < LIMITS.components / 2; i++) {
    const a = i % (groupCount * perGroup);
    const b = (a * 7919 + 1) % (groupCount * perGroup);
    edges.push([`g${Math.floor(a / perGroup)}/${a % perGroup}`, `g${Math.floor(b / perGroup)}/${b % perGroup}`]);
  }
  const services: Record<string, unknown> = {};
  const membersEach = LIMITS.allMembers / LIMITS.services;
  for (let s = 0; s < LIMITS.services; s++) {
    const members = Array.from({ length: membersEach }, (_, m) => (s > 0 && m === 0 ? `s${s - 1}` : `g${(s * membersEach + m) % groupCount}`));
    services[`s${s}`] = s % 2 === 0 ? { all: members } : { atLeast: 2, of: members };
  }
  const gridTimes = LIMITS.curvePoints / LIMITS.services;
  return {
    name: 'largest',
    description: 'The largest scenario the documented limits accept, for timing validation.',
    horizon: '1y',
    grid: { times: Array.from({ length: gridTimes }, (_, i) => (8760 * i) / gridTimes) },
    windows: Array.from({ length: LIMITS.windowMetrics / LIMITS.services }, (_, i) => `${i + 1}h`),
    crews,
    groups,
    network: { edges, link: { availability: 0.9999, mttr: '10min' } },
    services,
  };
}

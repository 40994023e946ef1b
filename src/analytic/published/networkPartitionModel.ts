/** Seed 000's `NetworkPartitionModel`, as published: "partition" as any link down in a full mesh, and a constant split-brain rate. */

import { requireProbability } from '../../errors.js';
import { requireCount, requireNonNegative } from './arguments.js';
import type { PublishedModelInfo } from './publishedModelInfo.js';

/**
 * The published object. Assumes independent links, each up with probability `linkReliability`
 * (a number with no time unit). Neither method derives from a connectivity or quorum model.
 */
export interface NetworkPartitionModel {
  readonly linkReliability: number;
  /**
   * `1 - link_reliability ** (n(n−1)/2)`: P(at least one of the full mesh's links is down).
   * `timeHours` (default 24) is accepted and, as in the seed, ignored.
   */
  partitionProbability(nodeCount: number, timeHours?: number): number;
  /** `0` for fewer than 3 coordinators, else `0.001 / coordinator_count`; default 3. */
  splitBrainProbability(coordinatorCount?: number): number;
}

/**
 * `NetworkPartitionModel(link_reliability=0.999)` translated line by line.
 *
 * @example networkPartitionModel(0.9999).partitionProbability(6, 24) // 0.001498950454863368
 */
export function networkPartitionModel(linkReliability = 0.999): NetworkPartitionModel {
  requireProbability('linkReliability', linkReliability);
  return {
    linkReliability,
    partitionProbability: (nodeCount, timeHours = 24) => {
      requireCount('nodeCount', nodeCount);
      requireNonNegative('timeHours', timeHours); // checked, never used: the seed ignores it too
      const linkCount = (nodeCount * (nodeCount - 1)) / 2; // n(n−1) is even: Python's // is exact
      const allLinksUp = linkReliability ** linkCount;
      return 1 - allLinksUp;
    },
    splitBrainProbability: (coordinatorCount = 3) => {
      requireCount('coordinatorCount', coordinatorCount);
      if (coordinatorCount < 3) return 0;
      const baseSplitProbability = 0.001;
      return baseSplitProbability / coordinatorCount;
    },
  };
}

export const networkPartitionModelInfo: readonly PublishedModelInfo[] = [
  {
    id: 'NetworkPartitionModel.partition_probability',
    claims: 'probability of a network partition of a fully connected cluster of node_count nodes within time_hours (default 24)',
    assumes: ['n(n−1)/2 independent links, each up with probability link_reliability', 'a partition occurs as soon as any one link is down'],
    flaws: [
      'counts any single link down as a partition; a full mesh stays connected (through other nodes) unless a cut set fails, and isolating one node needs all its n−1 links down, so P(disconnected) ≈ n(1−r)^(n−1): 6e-20 for n = 6, r = 0.9999, against the published 1.5e-3',
      'time_hours is ignored: link_reliability carries no time unit, so the "24h" risk is the same for any window',
    ],
    compareWith: 'the simulated fraction of time (steady state) the link graph of node_count nodes is disconnected, links independently up with probability link_reliability; the published value instead equals the simulated fraction of time at least one link is down',
  },
  {
    id: 'NetworkPartitionModel.split_brain_probability',
    claims: 'probability of split brain (both sides of a partition believe they have quorum) among coordinator_count coordinators (default 3)',
    assumes: ['a base risk of 0.001, divided by the number of coordinators', 'no split brain below 3 coordinators'],
    flaws: [
      'the 0.001 base rate and the 1/n scaling are invented: no failure, partition, link or timing parameter enters, not even link_reliability',
      'with a strict-majority quorum two disjoint majorities cannot exist, so split brain is impossible (probability 0) for every n under crash and partition faults; it needs lease or clock faults, which the formula does not model',
      'returns 0 for n < 3 "because quorum cannot be achieved", but 1 node or a 2-of-2 pair is a quorum, and without a quorum (two nodes that each promote themselves) split brain is most likely, not impossible',
    ],
    compareWith: 'the simulated fraction of time (or of replications) in which two sides of a partition each have an active coordinator; 0 with a strict-majority quorum',
  },
];

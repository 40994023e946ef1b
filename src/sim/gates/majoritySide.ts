/** Whether some up replica of a group is cut off from every set of connected nodes holding a strict majority of it: what an AP service may serve stale. */
import { UP } from '../kernel/ComponentTable.js';
import type { View } from './Gate.js';
import type { Network } from './Network.js';

/**
 * The probe behind `<service>.stale_time` (docs/fault-modes.md, "Partitions and CAP"). Nodes are joined by up,
 * uncut links through up nodes (the quorum gate's rule); an up replica is *fresh* when its
 * connected set holds at least ⌊n/2⌋ + 1 of the group's n replicas up (it can reach the write
 * quorum), else it may serve stale data. Returns true iff some up replica is not fresh. Uses the
 * network's scratch arrays (gates are evaluated one at a time).
 */
export function someReplicaCutOff(net: Network, group: number, majority: number, view: View): boolean {
  net.connect(view, true);
  const nodes = net.nodeComp.length;
  const count = net.rootCount;
  count.fill(0);
  let up = 0;
  for (let v = 0; v < nodes; v++) {
    if (net.nodeGroupOf[v] !== group || view.state[net.nodeComp[v] as number] !== UP) continue;
    const r = net.find(v);
    count[r] = (count[r] as number) + 1;
    up++;
  }
  if (up === 0) return false;
  for (let v = 0; v < nodes; v++) {
    if (net.nodeGroupOf[v] !== group || view.state[net.nodeComp[v] as number] !== UP) continue;
    if ((count[net.find(v)] as number) < majority) return true;
  }
  return false;
}

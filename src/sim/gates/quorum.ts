/** A cluster up while a strict majority of its coordinators are up and mutually connected, with enough up executors connected to them. */
import { UP } from '../kernel/ComponentTable.js';
import type { Gate, View, Watch } from './Gate.js';
import type { Network } from './Network.js';

/**
 * Without a network every up node reaches every other, so the counts decide. On a network, paths
 * may pass through any up node; at most one connected set can hold a strict majority of the
 * coordinators, so split brain is impossible under this rule. `executors` −1 (with `need` 0): a
 * coordinator-only majority (a Raft or etcd cluster); with `need` 0 executors are not counted.
 */
export class Quorum implements Gate {
  readonly watches: readonly Watch[];
  private readonly majority: number;

  constructor(
    private readonly coordinators: number,
    private readonly executors: number,
    private readonly need: number,
    groupCount: Int32Array,
    private readonly network: Network | null,
  ) {
    this.majority = ((groupCount[coordinators] as number) >> 1) + 1;
    const watches: Watch[] = [{ group: coordinators, at: [this.majority] }];
    if (need > 0) watches.push({ group: executors, at: [need] });
    if (network !== null) {
      // Node moves change which nodes a path may use; links matter only near the count bound
      // (fewer than majority + need up nodes fail the counts whatever the links).
      for (const g of network.nodeGroups()) watches.push({ group: g, at: 'every' });
      watches.push(network.linkWatch(this.majority + need));
    }
    this.watches = watches;
  }

  evaluate(view: View): boolean {
    if ((view.groupUp[this.coordinators] as number) < this.majority || (this.need > 0 && (view.groupUp[this.executors] as number) < this.need)) return false;
    const net = this.network;
    if (net === null || net.connectedByCount(view, true)) return true; // every up node reaches every other
    net.connect(view, true);
    const nodes = net.nodeComp.length;
    const count = net.rootCount;
    count.fill(0);
    let root = -1;
    for (let v = 0; v < nodes; v++) {
      if (net.nodeGroupOf[v] !== this.coordinators || view.state[net.nodeComp[v] as number] !== UP) continue;
      const r = net.find(v);
      const seen = (count[r] as number) + 1;
      count[r] = seen;
      if (seen >= this.majority) root = r;
    }
    if (root < 0) return false;
    if (this.need === 0) return true;
    let connected = 0;
    for (let v = 0; v < nodes; v++) {
      if (net.nodeGroupOf[v] === this.executors && view.state[net.nodeComp[v] as number] === UP && net.find(v) === root) connected++;
    }
    return connected >= this.need;
  }
}

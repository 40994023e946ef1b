/** A cluster up while a strict majority of its coordinators are up and mutually connected, with enough up executors connected to them. */
import { UP } from '../kernel/ComponentTable.js';
import type { Gate, View, Watch } from './Gate.js';
import type { Network } from './Network.js';

/**
 * Without a network every up node reaches every other, so the counts decide. On a network, paths
 * may pass through any up node; at most one connected set can hold a strict majority of the
 * coordinators, so split brain is impossible under this rule. `executorsAtLeast` may be 0: a
 * coordinator-only majority (a Raft or etcd cluster).
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
    const watches: Watch[] = [
      { group: coordinators, at: [this.majority] },
      { group: executors, at: need > 0 ? [need] : [] },
    ];
    if (network !== null) for (const g of [...network.nodeGroups(), network.linkGroup]) watches.push({ group: g, at: 'every' });
    this.watches = watches;
  }

  evaluate(view: View): boolean {
    if ((view.groupUp[this.coordinators] as number) < this.majority || (view.groupUp[this.executors] as number) < this.need) return false;
    const net = this.network;
    if (net === null) return true;
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
    let connected = 0;
    for (let v = 0; v < nodes; v++) {
      if (net.nodeGroupOf[v] === this.executors && view.state[net.nodeComp[v] as number] === UP && net.find(v) === root) connected++;
    }
    return connected >= this.need;
  }
}

/** A service up while the listed groups' nodes can all reach one another through up links, whatever the nodes' own state: a partition is the links' doing. */
import type { Gate, View, Watch } from './Gate.js';
import type { Network } from './Network.js';

export class Connected implements Gate {
  readonly watches: readonly Watch[];

  constructor(
    private readonly groups: Int32Array,
    private readonly network: Network,
  ) {
    this.watches = [network.linkWatch(network.nodeComp.length)]; // node states do not matter
  }

  evaluate(view: View): boolean {
    const net = this.network;
    if (net.connectedByCount(view, false)) return true;
    net.connect(view, false);
    let root = -1;
    for (let v = 0; v < net.nodeComp.length; v++) {
      if (!this.groups.includes(net.nodeGroupOf[v] as number)) continue;
      const r = net.find(v);
      if (root < 0) root = r;
      else if (r !== root) return false;
    }
    return true;
  }
}

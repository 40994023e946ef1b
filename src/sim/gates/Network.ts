/** The nodes and links of a scenario's network, and which up nodes reach one another through up links. */
import type { NetworkSpec, Scenario } from '../../scenario/validateScenario.js';
import type { View, Watch } from './Gate.js';
import { UP } from '../kernel/ComponentTable.js';

/**
 * Nodes are the components of the node groups, in order; links are the components of the link
 * group. `connect` joins, by union-find with path compression, the nodes that up links join (with
 * `nodesMatter`, only links whose both ends are up), so that `find` names each node's component.
 */
export class Network {
  readonly nodeComp: Int32Array;
  readonly nodeGroupOf: Int32Array;
  readonly linkGroup: number;
  private readonly linkComp: Int32Array;
  private readonly linkA: Int32Array;
  private readonly linkB: Int32Array;
  private readonly parent: Int32Array;
  /** Scratch: per root, a count (used by the quorum gate). */
  readonly rootCount: Int32Array;
  /** Every pair of distinct nodes has a link (a full mesh, or edges that happen to cover every pair). */
  readonly complete: boolean;
  /** The distinct node groups, as group indices. */
  private readonly groups: Int32Array;

  constructor(scenario: Scenario, net: NetworkSpec, groupStart: Int32Array) {
    const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
    const nodeComps: number[] = [];
    const nodeGroupOf: number[] = [];
    for (const name of net.nodeGroups) {
      const gi = groupIndex.get(name) as number;
      const count = scenario.groups[gi]?.count ?? 0;
      for (let i = 0; i < count; i++) {
        nodeComps.push((groupStart[gi] as number) + i);
        nodeGroupOf.push(gi);
      }
    }
    this.nodeComp = Int32Array.from(nodeComps);
    this.nodeGroupOf = Int32Array.from(nodeGroupOf);
    this.parent = new Int32Array(nodeComps.length);
    this.rootCount = new Int32Array(nodeComps.length);
    this.linkGroup = groupIndex.get(net.linkGroup) as number;
    const first = groupStart[this.linkGroup] as number;
    this.linkComp = Int32Array.from(net.endpoints, (_, i) => first + i);
    this.linkA = Int32Array.from(net.endpoints, (e) => e[0]);
    this.linkB = Int32Array.from(net.endpoints, (e) => e[1]);
    this.groups = Int32Array.from(new Set(nodeGroupOf));
    const nodes = nodeComps.length;
    const pairs = new Set<number>();
    for (const [a, b] of net.endpoints) if (a !== b) pairs.add(Math.min(a, b) * nodes + Math.max(a, b));
    this.complete = pairs.size === (nodes * (nodes - 1)) / 2;
  }

  /** The node groups (as group indices). */
  nodeGroups(): number[] {
    return [...this.groups];
  }

  /**
   * The link counts a connectivity gate must watch when it needs at least `nodes` nodes to be
   * connected: on a complete graph, a move between t − 1 and t links up (L − t + 1 and L − t down)
   * can change whether `nodes` or more nodes are connected only if L − t + 1 ≥ nodes − 1
   * (`connectedByCount`), so t ≤ L − nodes + 2; any other graph: every move.
   */
  linkWatch(nodes: number): Watch {
    const links = this.linkComp.length;
    if (!this.complete) return { group: this.linkGroup, at: 'every' };
    const last = Math.min(links, links - nodes + 2);
    return { group: this.linkGroup, at: Array.from({ length: Math.max(0, last) }, (_, i) => i + 1) };
  }

  /**
   * Whether counts alone prove that the chosen nodes are connected, with no search: on a complete
   * graph, `nodes` nodes stay connected while fewer than nodes − 1 links among them are down (the
   * edge connectivity of K_m is m − 1: cutting off a set of s nodes takes s(m − s) ≥ m − 1 links),
   * and the links down among them are at most the links down in all. With `upOnly`, the nodes are
   * the up nodes (a path may pass through any up node); otherwise every node. False means only
   * that a search is needed.
   */
  connectedByCount(view: View, upOnly: boolean): boolean {
    if (!this.complete) return false;
    let nodes = 0;
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i] as number;
      nodes += (upOnly ? view.groupUp[g] : view.groupCount[g]) as number;
    }
    // A cut link counts as down (cut and down may overlap: the sum bounds the links unusable, so the shortcut stays sound).
    const cut = view.cutLinks === undefined ? 0 : (view.cutLinks[0] as number);
    const linksDown = (view.groupCount[this.linkGroup] as number) - (view.groupUp[this.linkGroup] as number) + cut;
    return linksDown < nodes - 1 || nodes <= 1;
  }

  /** Union-find over the nodes joined by up links not cut by a partition (and, with `nodesMatter`, up endpoints only). */
  connect(view: View, nodesMatter: boolean): void {
    const parent = this.parent;
    const state = view.state;
    const cut = view.cut;
    for (let v = 0; v < parent.length; v++) parent[v] = v;
    for (let l = 0; l < this.linkComp.length; l++) {
      if (state[this.linkComp[l] as number] !== UP) continue;
      if (cut !== undefined && cut[this.linkComp[l] as number] !== 0) continue; // a partition cuts it
      const a = this.linkA[l] as number;
      const b = this.linkB[l] as number;
      if (nodesMatter && (state[this.nodeComp[a] as number] !== UP || state[this.nodeComp[b] as number] !== UP)) continue;
      const ra = this.find(a);
      const rb = this.find(b);
      if (ra !== rb) parent[ra] = rb;
    }
  }

  find(v: number): number {
    const parent = this.parent;
    let r = v;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[v] !== r) {
      const next = parent[v] as number;
      parent[v] = r;
      v = next;
    }
    return r;
  }
}

/** A PBFT-replicated service: `{"bft": {"of": group, "f": f}}`, up while enough replicas answer correctly and too few lie to forge a quorum. */
import { UP } from '../kernel/ComponentTable.js';
import type { Gate, View, Watch } from './Gate.js';

/**
 * Castro and Liskov's PBFT (OSDI 1999, §4) with n ≥ 3f + 1 replicas and quorums of 2f + 1: the
 * service is up iff at least 2f + 1 replicas are up and honest (they answer alike: liveness) and
 * at most f up replicas are byzantine (two quorums of 2f + 1 meet in ≥ f + 1 replicas, of which
 * one is honest only while at most f lie: safety). A down replica answers nothing, byzantine or
 * not, so "byzantine" counts up replicas only. With n = 3f + 1 the second condition follows from
 * the first (f + 1 liars leave at most 2f honest replicas); with n > 3f + 1 it does not.
 */
export class Bft implements Gate {
  readonly watches: readonly Watch[];
  private readonly first: number;
  private readonly count: number;

  constructor(
    private readonly group: number,
    private readonly f: number,
    groupStart: Int32Array,
    groupCount: Int32Array,
  ) {
    this.first = groupStart[group] as number;
    this.count = groupCount[group] as number;
    // Every move: which replicas are up matters together with which are byzantine (the byzantine module re-evaluates on its own changes).
    this.watches = [{ group, at: 'every' }];
  }

  evaluate(view: View): boolean {
    const need = 2 * this.f + 1;
    if ((view.groupUp[this.group] as number) < need) return false;
    const byz = view.byzantine;
    if (byz === undefined) return true; // no byzantine law in the scenario: every up replica is honest
    let liars = 0;
    for (let c = this.first; c < this.first + this.count; c++) if (view.state[c] === UP && byz[c] === 1) liars++;
    return liars <= this.f && (view.groupUp[this.group] as number) - liars >= need;
  }
}

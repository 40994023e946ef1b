/** A service up while at least k of its members are up (`all`, `any`, `atLeast … of [members]`); a group member is up when all its components are. */
import type { Gate, View, Watch } from './Gate.js';

export class KOfMembers implements Gate {
  readonly watches: readonly Watch[];

  /**
   * @param members per member, a group index (`isService` 0) or a service index (1).
   */
  constructor(
    private readonly k: number,
    private readonly index: Int32Array,
    private readonly isService: Uint8Array,
    groupCount: Int32Array,
  ) {
    this.watches = Array.from(index, (m, i) => (isService[i] === 1 ? { service: m } : { group: m, at: [groupCount[m] as number] }));
  }

  evaluate(view: View): boolean {
    let up = 0;
    for (let i = 0; i < this.index.length; i++) {
      const m = this.index[i] as number;
      if (this.isService[i] === 1 ? view.serviceUp[m] === 1 : view.groupUp[m] === view.groupCount[m]) up++;
    }
    return up >= this.k;
  }
}

/** A service up while at least k components of one group are up: `{"atLeast": k, "of": group}`. */
import type { Gate, View, Watch } from './Gate.js';

export class KOfGroup implements Gate {
  readonly watches: readonly Watch[];

  constructor(
    private readonly group: number,
    private readonly k: number,
  ) {
    this.watches = [{ group, at: [k] }];
  }

  evaluate(view: View): boolean {
    return (view.groupUp[this.group] as number) >= this.k;
  }
}

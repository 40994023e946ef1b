/** The record that pairs each seed-000 formula, as published, with what it claims, assumes, gets wrong and should be checked against. */

/**
 * What one published function says it computes and where it breaks. `flaws` is empty only when the
 * formula is right for what it claims (under its stated assumptions).
 */
export interface PublishedModelInfo {
  /** `Class.method` exactly as spelled in seed 000's Python. */
  readonly id: string;
  /** The quantity the seed says the function computes (its docstring, comments and print labels). */
  readonly claims: string;
  /** What the formula takes for granted, stated or not. */
  readonly assumes: readonly string[];
  /** Each assumption or step that does not hold, in one line. */
  readonly flaws: readonly string[];
  /** The simulated quantity a cross-check should set beside it. */
  readonly compareWith: string;
}

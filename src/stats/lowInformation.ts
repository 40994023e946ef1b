/** Where an interval for a mean stops relying on the observed values alone: fewer than this many replications off the metric's usual value. */

/**
 * With fewer than this many replications in which a metric left its usual value (an outage, a
 * failure, a queue), the sample of what such a replication costs is too small to speak for the
 * tail: intervals then use bounds that need no assumption about it (`meanEstimate`) and are
 * flagged `low_information`. The threshold is the one the coverage table of docs/statistics.md was
 * measured with.
 */
export const LOW_INFORMATION_COUNT = 30;

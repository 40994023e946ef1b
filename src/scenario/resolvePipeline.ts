/** The `pipeline` of a scenario file resolved: its groups checked (brokers, one-component consumer, sinks and cache), its defaults filled. */
import { describeValue } from '../errors.js';
import { SEED_BREAKER, SEED_EPISODE_ERROR, type PipelineSpec } from './pipelineSpec.js';
import type { PipelineInput } from './schema.js';
import type { ScenarioDistribution } from './validateScenario.js';

const SECOND = 1 / 3600;

interface GroupRef {
  readonly name: string;
  readonly kind: string;
  readonly count: number;
  readonly standby?: unknown;
}

/**
 * Resolves `pipeline` against `groups`, pushing each problem as `pipeline.<path>: expected …, got …`.
 * The brokers name a component group (its count is the replication factor) with
 * min.insync.replicas at most that count; the consumer, each sink and the cache name a group of
 * exactly one component, each group used once; at least one sink; a breaker only beside a
 * validation. Defaults: buffer "unbounded", min.insync.replicas 1, replication lag 100 ms,
 * batches of 500, poll interval 1 s, sync interval 60 s; validation errors 0.9 in an episode and 0
 * otherwise; breaker threshold 0.5 over a 300 s window (seed 004 §3.3).
 */
export function resolvePipeline(input: PipelineInput, groups: readonly GroupRef[], problems: string[]): PipelineSpec | undefined {
  const before = problems.length;
  const used = new Map<string, string>();
  const group = (path: string, name: string, single: boolean): GroupRef | undefined => {
    const g = groups.find((x) => x.name === name);
    if (g === undefined || g.kind === 'link') {
      problems.push(`${path}: expected the name of a component group, got ${describeValue(name)}`);
      return undefined;
    }
    if (used.has(name)) problems.push(`${path}: expected a group no other part of the pipeline uses, got ${describeValue(name)} (already ${used.get(name)})`);
    used.set(name, path);
    if (g.standby != null) problems.push(`${path}: expected a group without standby spares, got ${describeValue(name)}`);
    if (single && g.count !== 1) problems.push(`${path}: expected a group of one component, got ${describeValue(name)} with ${g.count}`);
    return g;
  };
  const brokers = group('pipeline.topic.brokers', input.topic.brokers, false);
  const minIsr = input.topic.minInsyncReplicas ?? 1;
  if (brokers !== undefined && minIsr > brokers.count) {
    problems.push(`pipeline.topic.minInsyncReplicas: expected at most the replication factor (${brokers.count}, the count of ${describeValue(brokers.name)}), got ${minIsr}`);
  }
  group('pipeline.consumer.group', input.consumer.group, true);
  const sinkEntries = Object.entries(input.sinks);
  if (sinkEntries.length === 0) problems.push('pipeline.sinks: expected at least one sink, got none');
  for (const [name, s] of sinkEntries) group(`pipeline.sinks.${name}.group`, s.group, true);
  if (input.cache !== undefined) group('pipeline.cache.group', input.cache.group, true);
  if (input.breaker !== undefined && input.validation === undefined) {
    problems.push('pipeline.breaker: expected a "validation" beside it (the errors the breaker watches), got none');
  }
  if (problems.length > before) return undefined;
  return {
    producer: { rate: input.producer.rate, acks: input.producer.acks, buffer: input.producer.buffer ?? 'unbounded' },
    topic: { brokers: input.topic.brokers, minInsyncReplicas: minIsr, replicationLag: input.topic.replicationLag ?? 0.1 * SECOND },
    consumer: {
      group: input.consumer.group,
      commit: input.consumer.commit,
      processing: strip(input.consumer.processing),
      maxBatch: input.consumer.maxBatch ?? 500,
      pollInterval: input.consumer.pollInterval ?? SECOND,
    },
    sinks: Object.fromEntries(sinkEntries.map(([name, s]) => [name, { group: s.group, fallback: s.fallback, syncInterval: s.syncInterval ?? 60 * SECOND }])),
    ...(input.cache === undefined ? {} : { cache: { group: input.cache.group, slowdown: input.cache.slowdown } }),
    ...(input.validation === undefined
      ? {}
      : {
          validation: {
            episodes: { every: strip(input.validation.episodes.every), duration: strip(input.validation.episodes.duration) },
            errorInEpisode: input.validation.errorInEpisode ?? SEED_EPISODE_ERROR,
            errorOtherwise: input.validation.errorOtherwise ?? 0,
          },
        }),
    ...(input.breaker === undefined
      ? {}
      : { breaker: { threshold: input.breaker.threshold ?? SEED_BREAKER.threshold, window: input.breaker.window ?? SEED_BREAKER.windowSeconds * SECOND, reset: strip(input.breaker.reset) } }),
  };
}

function strip(spec: PipelineInput['consumer']['processing']): ScenarioDistribution {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as ScenarioDistribution;
}

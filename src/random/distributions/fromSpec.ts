/** Builds a distribution from a plain JSON-like object such as `{ "type": "exponential", "mean": 4 }`. */

import { describeValue, invalidParameter } from '../../errors.js';
import { deterministic } from './deterministic.js';
import type { Distribution } from './Distribution.js';
import { empirical } from './empirical.js';
import { exponential } from './exponential.js';
import { gamma } from './gamma.js';
import { lognormal, lognormalFromMoments } from './lognormal.js';
import { truncatedNormal } from './truncatedNormal.js';
import { uniform } from './uniform.js';
import { weibull } from './weibull.js';

/** The shapes `fromSpec` accepts: `type` names the kind, the other fields are the factory's. */
export type DistributionSpec =
  | { readonly type: 'exponential'; readonly mean: number }
  | { readonly type: 'exponential'; readonly rate: number }
  | { readonly type: 'weibull'; readonly shape: number; readonly scale: number }
  | { readonly type: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly type: 'lognormal'; readonly mean: number; readonly sd: number }
  | { readonly type: 'truncatedNormal'; readonly mean: number; readonly sd: number }
  | { readonly type: 'gamma'; readonly shape: number; readonly scale: number }
  | { readonly type: 'gamma'; readonly shape: number; readonly rate: number }
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'deterministic'; readonly value: number }
  | { readonly type: 'empirical'; readonly samples: readonly number[] };

export type DistributionType = DistributionSpec['type'];

type Fields = Record<string, unknown>;
type Builder = (fields: Fields, label: string) => Distribution;

interface Kind {
  /** The admissible sets of fields besides `type`; exactly one must match. */
  readonly alternatives: readonly (readonly string[])[];
  readonly build: (fieldSet: readonly string[]) => Builder;
}

// Values are passed on unchecked: each factory validates its parameters and names them in errors.
const num = (fields: Fields, name: string): number => fields[name] as number;

const KINDS: Readonly<Record<DistributionType, Kind>> = {
  exponential: {
    alternatives: [['mean'], ['rate']],
    build: (set) => (f, label) =>
      set[0] === 'mean' ? exponential({ mean: num(f, 'mean') }, label) : exponential({ rate: num(f, 'rate') }, label),
  },
  weibull: {
    alternatives: [['shape', 'scale']],
    build: () => (f, label) => weibull({ shape: num(f, 'shape'), scale: num(f, 'scale') }, label),
  },
  lognormal: {
    alternatives: [['mu', 'sigma'], ['mean', 'sd']],
    build: (set) => (f, label) =>
      set[0] === 'mu'
        ? lognormal({ mu: num(f, 'mu'), sigma: num(f, 'sigma') }, label)
        : lognormalFromMoments({ mean: num(f, 'mean'), sd: num(f, 'sd') }, label),
  },
  truncatedNormal: {
    alternatives: [['mean', 'sd']],
    build: () => (f, label) => truncatedNormal({ mean: num(f, 'mean'), sd: num(f, 'sd') }, label),
  },
  gamma: {
    alternatives: [['shape', 'scale'], ['shape', 'rate']],
    build: (set) => (f, label) =>
      set[1] === 'scale'
        ? gamma({ shape: num(f, 'shape'), scale: num(f, 'scale') }, label)
        : gamma({ shape: num(f, 'shape'), rate: num(f, 'rate') }, label),
  },
  uniform: {
    alternatives: [['min', 'max']],
    build: () => (f, label) => uniform({ min: num(f, 'min'), max: num(f, 'max') }, label),
  },
  deterministic: {
    alternatives: [['value']],
    build: () => (f, label) => deterministic({ value: num(f, 'value') }, label),
  },
  empirical: {
    alternatives: [['samples']],
    build: () => (f, label) => {
      const samples = f['samples'];
      if (!Array.isArray(samples)) invalidParameter(`${label}.samples`, 'a non-empty array of durations', samples);
      return empirical(samples as readonly number[], label);
    },
  },
};

function isKnownType(type: unknown): type is DistributionType {
  return typeof type === 'string' && Object.hasOwn(KINDS, type);
}

function formatAlternatives(kind: Kind): string {
  return kind.alternatives.map((set) => `{${set.join(', ')}}`).join(' or ');
}

/** Returns the one field set that the present fields form, or throws naming the offending field. */
function matchFields(type: DistributionType, kind: Kind, fields: Fields, label: string): readonly string[] {
  const takes = `${type} takes ${formatAlternatives(kind)}`;
  const present = Object.keys(fields).filter((name) => name !== 'type');
  const known = new Set(kind.alternatives.flat());
  for (const name of present) {
    if (!known.has(name)) invalidParameter(`${label}.${name}`, `no such field (${takes})`, fields[name]);
  }
  const overlap = (set: readonly string[]): number => present.filter((name) => set.includes(name)).length;
  const best = kind.alternatives.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
  const extra = present.find((name) => !best.includes(name));
  if (extra !== undefined) {
    const given = best.filter((name) => present.includes(name)).join(', ');
    invalidParameter(`${label}.${extra}`, `no ${extra} together with ${given} (${takes})`, fields[extra]);
  }
  const missing = best.find((name) => fields[name] === undefined);
  if (missing !== undefined) invalidParameter(`${label}.${missing}`, `a value (${takes})`, undefined);
  return best;
}

/**
 * Builds the distribution a plain object describes, e.g. `{ "type": "weibull", "shape": 1.5,
 * "scale": 1000 }`. `type` is one of the factories' kinds; the remaining fields are exactly one of
 * the factory's parameter sets (`lognormal` takes `{mu, sigma}` or `{mean, sd}`, `exponential`
 * `{mean}` or `{rate}`, `gamma` `{shape, scale}` or `{shape, rate}`). Numbers must already be
 * numbers: unit strings such as `"4h"` are the scenario layer's business.
 *
 * Errors name the offending field: `<path>.<field>` when `path` is given (a scenario's JSON path),
 * else `<type>.<field>` (as the factories do), and `<path or "spec">.type` for a bad `type`.
 *
 * @param spec the object to read (any JSON value is accepted and checked).
 * @param path the JSON path of `spec` within its document, used to name fields in errors.
 * @throws FaultlineError (INVALID_PARAMETER) for a non-object, a missing or unknown `type`, an
 *   unknown, missing or conflicting field, or an invalid parameter value.
 * @example fromSpec({ type: 'exponential', mean: 4 }).describe() // "exponential(mean=4)"
 */
export function fromSpec(spec: unknown, path?: string): Distribution {
  const where = path ?? 'spec';
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    invalidParameter(where, 'an object with a "type" field', spec);
  }
  const fields = spec as Fields;
  const type = fields['type'];
  if (!isKnownType(type)) {
    const names = Object.keys(KINDS).map((name) => describeValue(name)).join(', ');
    invalidParameter(`${where}.type`, `one of ${names}`, type);
  }
  const label = path ?? type;
  const kind = KINDS[type];
  return kind.build(matchFields(type, kind, fields, label))(fields, label);
}

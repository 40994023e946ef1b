import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { bundledScenarioPaths } from '../../src/io/bundledScenarios.js';
import { FaultlineError } from '../../src/errors.js';
import { parseDuration } from '../../src/scenario/duration.js';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.js';
import { validateScenario } from '../../src/scenario/validateScenario.js';

const base = {
  name: 'demo',
  description: 'a small system',
  horizon: '1y',
  crews: { ops: 1 },
  groups: {
    coordinators: { kind: 'coordinator', count: 3, failure: { type: 'exponential', mean: '8760h' }, repair: { type: 'exponential', mean: '4h' } },
    executors: { kind: 'executor', count: 6, failure: { type: 'weibull', shape: 1.5, scale: '4380h' }, repair: { type: 'lognormal', mean: '30min', sd: '10min' }, crew: 'ops' },
    s3: { kind: 'source', availability: 0.9999, mttr: '30min' },
  },
  services: {
    cluster: { quorum: { coordinators: 'coordinators', executors: 'executors', executorsAtLeast: 2 } },
    dashboard: { all: ['cluster', 's3'] },
  },
};

/** A deep copy of `base` with `edit` applied. */
function variant(edit: (s: any) => void): unknown {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

describe('durations', () => {
  it('reads hours and unit strings (a year is 8760 h)', () => {
    expect(parseDuration(4)).toBe(4);
    expect(parseDuration('30s')).toBe(30 / 3600);
    expect(parseDuration('5min')).toBe(5 / 60);
    expect(parseDuration('4h')).toBe(4);
    expect(parseDuration('2d')).toBe(48);
    expect(parseDuration('1y')).toBe(8760);
    expect(parseDuration(' 1.5 h ')).toBe(1.5);
    expect(parseDuration('1e3ms')).toBe(1000 / 3_600_000);
    for (const bad of ['4', '4 hours', 'h', '', Infinity, null, '1 fortnight']) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('validateScenario', () => {
  it('resolves units, defaults, availability/mttr sources and service order', () => {
    const s = validateScenario(base);
    expect(s.horizon).toBe(8760);
    expect(s.warmup).toBe(0);
    expect(s.grid).toEqual(Array.from({ length: 13 }, (_, i) => (8760 * i) / 12));
    expect(s.windows).toEqual([]);
    const [coordinators, executors, s3] = s.groups;
    expect(coordinators).toMatchObject({ count: 3, crew: null, initial: 'up', failure: { type: 'exponential', mean: 8760 } });
    expect(executors).toMatchObject({ crew: 'ops', repair: { type: 'lognormal', mean: 0.5, sd: 10 / 60 } });
    // MTTF = MTTR·A/(1−A): 0.5 h · 0.9999/0.0001 = 4999.5 h.
    expect((s3?.failure['mean'] as number) / 4999.5).toBeCloseTo(1, 12);
    expect(s3).toMatchObject({ kind: 'source', count: 1, repair: { type: 'exponential', mean: 0.5 } });
    expect(s.services.map((x) => x.name)).toEqual(['cluster', 'dashboard']);
    expect(s.services[1]).toEqual({
      name: 'dashboard',
      gate: 'kOfMembers',
      k: 2,
      members: [
        { type: 'service', name: 'cluster' },
        { type: 'group', name: 's3' },
      ],
    });
  });

  it('orders services after the services they use, whatever the file order', () => {
    const s = validateScenario(variant((x) => (x.services = { top: { any: ['mid'] }, mid: { all: ['base'] }, base: { atLeast: 'majority', of: 'coordinators' } })));
    expect(s.services.map((x) => x.name)).toEqual(['base', 'mid', 'top']);
    expect(s.services[0]).toMatchObject({ gate: 'kOfGroup', k: 2, group: 'coordinators' });
  });

  it('accepts a coordinator-only majority (Raft, etcd): no executors, executorsAtLeast 0', () => {
    const s = validateScenario(variant((x) => (x.services = { cluster: { quorum: { coordinators: 'coordinators' } } })));
    expect(s.services[0]).toEqual({ name: 'cluster', gate: 'quorum', coordinators: 'coordinators', executors: null, executorsAtLeast: 0 });
    const zero = validateScenario(variant((x) => (x.services.cluster.quorum.executorsAtLeast = 0)));
    expect(zero.services[0]).toMatchObject({ executors: 'executors', executorsAtLeast: 0 });
  });

  it('builds a full mesh: n(n−1)/2 links in a link group appended to the groups', () => {
    const s = validateScenario(
      variant((x) => (x.network = { fullMesh: ['coordinators', 'executors'], link: { availability: 0.9999, mttr: '10min' } })),
    );
    expect(s.network?.endpoints).toHaveLength(36);
    expect(s.network?.endpoints[0]).toEqual([0, 1]);
    expect(s.groups.at(-1)).toMatchObject({ name: 'links', kind: 'link', count: 36 });
  });

  it('reads explicit edges between named components', () => {
    const s = validateScenario(
      variant((x) => (x.network = { name: 'wan', edges: [['coordinators/0', 'executors/5'], ['coordinators/2', 'coordinators/0']], link: { availability: 0.99, mttr: 1 } })),
    );
    // Nodes: coordinators 0..2, then executors 3..8.
    expect(s.network).toMatchObject({ linkGroup: 'wan', nodeGroups: ['coordinators', 'executors'], endpoints: [[0, 8], [2, 0]] });
  });

  // Each mistake, the JSON path its message must name, and a fragment of what it must say.
  const mistakes: [string, (s: any) => void, RegExp][] = [
    ['a typo in a field name', (s) => (s.groups.coordinators.cuont = 3), /groups\.coordinators\.cuont: unknown field, got 3/],
    ['a typo at the top level', (s) => (s.horizn = 5), /horizn: unknown field/],
    ['a negative duration', (s) => (s.groups.coordinators.repair.mean = -4), /groups\.coordinators\.repair\.mean: expected a positive duration .*, got -4/],
    ['an unknown unit', (s) => (s.horizon = '1 fortnight'), /horizon: expected a positive duration .*, got "1 fortnight"/],
    ['an unknown distribution', (s) => (s.groups.coordinators.failure = { type: 'expo', mean: 4 }), /groups\.coordinators\.failure\.type: expected a distribution type: .*, got "expo"/],
    ['conflicting parameters', (s) => (s.groups.coordinators.repair = { type: 'exponential', mean: 4, rate: 0.25 }), /groups\.coordinators\.repair: expected either \{mean\} or \{rate\}, not both/],
    ['a missing parameter', (s) => (s.groups.executors.failure = { type: 'weibull', shape: 2 }), /groups\.executors\.failure\.scale: expected a value/],
    ['a fractional count', (s) => (s.groups.executors.count = 2.5), /groups\.executors\.count: expected an integer >= 1, got 2.5/],
    ['an undeclared crew', (s) => (s.groups.coordinators.crew = 'night'), /groups\.coordinators\.crew: expected one of the crews \("ops"\), got "night"/],
    ['a crew for a crash-stop group', (s) => { delete s.groups.coordinators.repair; s.groups.coordinators.crew = 'ops'; }, /groups\.coordinators\.crew: expected no crew for a crash-stop component/],
    ['an unknown service member', (s) => (s.services.dashboard.all = ['cluster', 'S3']), /services\.dashboard\.all\.1: expected the name of a group or a service, got "S3"/],
    ['a gate that does not exist', (s) => (s.services.dashboard = { every: ['s3'] }), /services\.dashboard: expected an object with one of all, any, atLeast, quorum, connected/],
    ['k larger than what it counts', (s) => (s.services.dashboard = { atLeast: 7, of: 'executors' }), /services\.dashboard\.atLeast: expected at most 6 .*, got 7/],
    ['a bad atLeast', (s) => (s.services.dashboard = { atLeast: 'most', of: 'executors' }), /services\.dashboard\.atLeast: expected an integer >= 1 or "majority", got "most"/],
    ['a cycle of services', (s) => (s.services = { a: { all: ['b'] }, b: { any: ['a'] } }), /services\.a: expected no cycle of services, got "a → b → a"/],
    ['steady state where it is not exact', (s) => (s.groups.executors.initial = 'steady'), /groups\.executors\.initial: expected "up": "steady" is exact only for exponential/],
    ['an unknown initial state', (s) => (s.groups.coordinators.initial = 'warm'), /groups\.coordinators\.initial: expected one of "up", "steady", got "warm"/],
    ['availability out of range', (s) => (s.groups.s3.availability = 1), /groups\.s3\.availability: expected a number in \(0, 1\), got 1/],
    ['both rates and availability', (s) => (s.groups.s3.failure = { type: 'exponential', mean: 9 }), /groups\.s3: expected either failure\/repair or availability\/mttr, not both/],
    ['a window longer than the run', (s) => (s.windows = ['2y']), /windows\.0: expected at most horizon − warmup \(8760 h\), got "2y"/],
    ['a warmup past the horizon', (s) => (s.warmup = '2y'), /warmup: expected less than the horizon \(8760 h\), got "2y"/],
    ['a quorum over a source group', (s) => (s.services.cluster.quorum.coordinators = 's3'), /services\.cluster\.quorum\.coordinators: expected a group of kind "coordinator", got "s3"/],
    ['executors without how many', (s) => delete s.services.cluster.quorum.executorsAtLeast, /services\.cluster\.quorum\.executorsAtLeast: expected an integer >= 0 with executors/],
    ['executors needed but not named', (s) => delete s.services.cluster.quorum.executors, /services\.cluster\.quorum\.executors: expected the executor group, since executorsAtLeast is 2/],
    ['executors beside the quorum, not in it', (s) => { s.services.cluster.executors = s.services.cluster.quorum.executors; delete s.services.cluster.quorum.executors; }, /services\.cluster: executors belongs inside quorum \(quorum\.executors\), not beside it/],
    ['two gate kinds in one service', (s) => (s.services.cluster.atLeast = 2), /services\.cluster: expected exactly one of all, any, atLeast, quorum, connected, bft, got atLeast and quorum/],
    ['a negative executorsAtLeast', (s) => (s.services.cluster.quorum.executorsAtLeast = -1), /services\.cluster\.quorum\.executorsAtLeast: expected an integer >= 0, got -1/],
    ['a mesh over an unknown group', (s) => (s.network = { fullMesh: ['coordinators', 'workers'], link: { availability: 0.9, mttr: 1 } }), /network\.fullMesh\.1: expected a group name, got "workers"/],
    ['an edge to a component that does not exist', (s) => (s.network = { edges: [['coordinators/3', 'executors/0']], link: { availability: 0.9, mttr: 1 } }), /network\.edges\.0\.0: expected "group\/index" naming an existing component, got "coordinators\/3"/],
    ['a service named like a group', (s) => (s.services.s3 = { all: ['cluster'] }), /services\.s3: expected a name not used by a group/],
    ['not an object at all', (s) => (s.groups = []), /groups: expected record, got \[\]/],
  ];

  it.each(mistakes)('rejects %s, naming the field and the value', (_what, edit, message) => {
    const act = () => validateScenario(variant(edit), 'demo.json');
    expect(act).toThrow(FaultlineError);
    expect(act).toThrow(message);
    try {
      act();
    } catch (error) {
      expect((error as FaultlineError).code).toBe('INVALID_SCENARIO');
      expect((error as Error).message.startsWith('demo.json: ')).toBe(true);
    }
  });

  it('reports every problem at once, one per line', () => {
    const act = () => validateScenario(variant((s) => { s.horizn = 1; s.groups.executors.count = 0; }));
    expect(act).toThrow(/2 problems:\n {2}groups\.executors\.count: expected an integer >= 1, got 0\n {2}horizn: unknown field/);
  });
});

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema() as { properties: Record<string, { anyOf?: unknown }>; additionalProperties?: unknown };
  // The 2020-12 dialect the schema declares; `validateFormats: false`: no format keyword is used.
  const editor = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

  it('describes the file format for editors, durations as a bounded number or a unit string', () => {
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'horizon', 'groups', 'network', 'services', 'crews', 'windows']));
    expect(schema.properties['horizon']?.anyOf).toEqual([expect.objectContaining({ type: 'number', exclusiveMinimum: 0 }), expect.objectContaining({ type: 'string' })]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts every bundled scenario and the base file', () => {
    for (const path of bundledScenarioPaths()) expect(editor(JSON.parse(readFileSync(path, 'utf8'))), `${path}: ${JSON.stringify(editor.errors?.slice(0, 3))}`).toBe(true);
    expect(editor(base)).toBe(true);
  });

  // What an editor can flag without cross-references: every one of these is refused by validate too.
  const flagged: [string, (s: any) => void][] = [
    ['a negative duration', (s) => (s.groups.coordinators.repair.mean = -4)],
    ['a zero duration where it must be positive', (s) => (s.horizon = '0h')],
    ['a zero number where it must be positive', (s) => (s.horizon = 0)],
    ['an unknown unit', (s) => (s.horizon = '1 fortnight')],
    ['a negative unit string', (s) => (s.groups.coordinators.repair.mean = '-4h')],
    ['an unknown distribution', (s) => (s.groups.coordinators.failure = { type: 'expo', mean: 4 })],
    ['a fractional count', (s) => (s.groups.executors.count = 2.5)],
    ['a count over the limit', (s) => (s.groups.executors.count = 100_001)],
    ['an unknown kind', (s) => (s.groups.executors.kind = 'worker')],
    ['a typo in a field name', (s) => (s.groups.coordinators.cuont = 3)],
    ['a bad name', (s) => (s.groups['9lives'] = s.groups.s3)],
    ['too many windows', (s) => (s.windows = Array.from({ length: 101 }, () => '1h'))],
    ['a non-positive shape', (s) => (s.groups.executors.failure.shape = 0)],
    ['availability out of range', (s) => (s.groups.s3.availability = 1.5)],
  ];
  it.each(flagged)('flags %s, as validate does', (_, edit) => {
    const file = variant(edit);
    expect(editor(file)).toBe(false);
    expect(() => validateScenario(file)).toThrow(FaultlineError);
  });

  it('accepts what validate accepts at the edges of the duration language', () => {
    for (const horizon of ['1e3h', '.5d', ' 30 min ', '+2w', 8760]) {
      const file = variant((s) => (s.horizon = horizon));
      expect(editor(file), String(horizon)).toBe(true);
      expect(() => validateScenario(file)).not.toThrow();
    }
    const zeroOk = variant((s) => (s.groups.coordinators.repair = { type: 'deterministic', value: '0s' }));
    expect(editor(zeroOk)).toBe(true);
    expect(parseDuration('0s')).toBe(0);
  });
});

// The deploy planner (scripts/deploy/plan.ts) over the repository's real declarations: an empty
// environment gets everything, a complete one nothing; it never drops; secrets are required but
// never printed. The executor (execute.ts) against an in-memory environment: stops at the first
// failure saying what was and was not done, and a second run finishes without repeating anything.
// The manager-node adapter (cloud.ts) against a recorded fake of the few manager-node calls it makes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCollectionSpecs } from '../../emulator/seed';
import { type CloudApi, type Manager, managerCloud } from '../../scripts/deploy/cloud';
import { type Declared, DEFAULT_TIMEOUT, type DeclaredFunction, readFunctionConfig } from '../../scripts/deploy/declared';
import { describeResult, executePlan } from '../../scripts/deploy/execute';
import { codeDescription, COLLECTION_PERMISSION, describePlan, describeStep, type Existing, planDeploy, type Step } from '../../scripts/deploy/plan';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** The repository's declarations; functions from their sources' config.json (no build needed). */
function declared(): Declared {
  const dir = join(ROOT, 'cloudfunctions');
  const functions: DeclaredFunction[] = readdirSync(dir)
    .filter((name) => name !== 'core' && existsSync(join(dir, name, 'index.ts')))
    .sort()
    .map((name) => {
      const config = readFunctionConfig(join(dir, name));
      return {
        name,
        timeout: config.timeout ?? DEFAULT_TIMEOUT,
        triggers: config.triggers ?? [],
        openapi: config.permissions?.openapi ?? [],
        environment: config.environment ?? {},
        codeHash: `${name}-hash`.padEnd(64, '0'),
      };
    });
  return { collections: loadCollectionSpecs(join(ROOT, 'database/collections')), functions };
}

function envValuesFor(d: Declared): Record<string, string> {
  const values: Record<string, string> = {};
  for (const fn of d.functions) for (const name of Object.keys(fn.environment)) values[name] = `${SECRET}-${name}`;
  return values;
}

/** An environment that already has everything declared, as the adapter would read it. */
function complete(d: Declared, envValues: Record<string, string>): Existing {
  const existing: Existing = { collections: {}, functions: {} };
  for (const c of d.collections) {
    existing.collections[c.name] = { indexes: c.indexes.map((ix) => ({ name: ix.name, fields: ix.fields, unique: ix.unique === true })), permission: COLLECTION_PERMISSION };
  }
  for (const fn of d.functions) {
    const envVariables: Record<string, string> = {};
    for (const name of Object.keys(fn.environment)) envVariables[name] = envValues[name];
    existing.functions[fn.name] = { timeout: fn.timeout, description: codeDescription(fn), envVariables, triggers: fn.triggers.map((t) => ({ ...t })) };
  }
  return existing;
}

const ops = (steps: Step[], op: Step['op']) => steps.filter((s) => s.op === op);

describe('deploy plan', () => {
  it('an empty environment gets every collection, index, permission, function and trigger', () => {
    const d = declared();
    const plan = planDeploy(d, { collections: {}, functions: {} }, { envValues: envValuesFor(d), app: { version: '1.0.0', description: 'test' } });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      ops(plan.steps, 'createCollection').map((s) => (s.op === 'createCollection' ? s.collection : '')),
      d.collections.map((c) => c.name),
    );
    const indexes = d.collections.flatMap((c) => c.indexes.map((ix) => `${c.name}.${ix.name}`));
    assert.ok(indexes.length > 30, 'the repository declares its indexes');
    assert.deepEqual(
      ops(plan.steps, 'createIndex').map((s) => (s.op === 'createIndex' ? `${s.collection}.${s.index.name}` : '')),
      indexes,
    );
    assert.equal(ops(plan.steps, 'setPermission').length, d.collections.length);
    assert.ok(plan.steps.every((s) => s.op !== 'setPermission' || s.permission === 'ADMINONLY'));
    assert.deepEqual(
      ops(plan.steps, 'createFunction').map((s) => (s.op === 'createFunction' ? s.name : '')),
      d.functions.map((f) => f.name),
    );
    const timers = d.functions.flatMap((f) => f.triggers.map((t) => `${f.name}.${t.name} ${t.config}`));
    assert.ok(timers.length >= 4, 'the sweeps and the daily greeting have timers');
    assert.deepEqual(
      ops(plan.steps, 'createTrigger').map((s) => (s.op === 'createTrigger' ? `${s.name}.${s.trigger.name} ${s.trigger.config}` : '')),
      timers,
    );
    assert.equal(ops(plan.steps, 'uploadApp').length, 1);
    const passes = plan.steps.find((s) => s.op === 'createFunction' && s.name === 'passes');
    assert.ok(passes && passes.op === 'createFunction');
    assert.equal(passes.settings.envVariables.PASS_SECRET, `${SECRET}-PASS_SECRET`);
    assert.equal(passes.settings.timeout, 10);
  });

  it('an environment that already has everything needs nothing', () => {
    const d = declared();
    const envValues = envValuesFor(d);
    const plan = planDeploy(d, complete(d, envValues), { only: ['db', 'functions'], envValues });
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.notes, []);
    // …and also when the deployer's shell no longer holds the secrets: the cloud keeps its own
    const again = planDeploy(d, complete(d, envValues), { only: ['db', 'functions'], envValues: {} });
    assert.deepEqual(again.steps, []);
    assert.deepEqual(again.problems, []);
  });

  it('--only limits the plan to one part', () => {
    const d = declared();
    const plan = planDeploy(d, { collections: {}, functions: {} }, { only: ['db'], envValues: {} });
    assert.ok(plan.steps.length > 0);
    assert.ok(plan.steps.every((s) => s.part === 'db'));
    assert.deepEqual(plan.problems, [], 'the database part needs no secret');
  });

  it('refuses to create a function without a required secret, and never prints one', () => {
    const d = declared();
    const missing = planDeploy(d, { collections: {}, functions: {} }, { only: ['functions'], envValues: {} });
    assert.ok(missing.problems.some((p) => p.includes('passes') && p.includes('PASS_SECRET')));
    const envValues = envValuesFor(d);
    const plan = planDeploy(d, { collections: {}, functions: {} }, { envValues, app: { version: '1.0.0', description: 'x' } });
    const text = describePlan(plan);
    assert.match(text, /PASS_SECRET/);
    for (const value of Object.values(envValues)) assert.ok(!text.includes(value), 'a secret value was printed');
  });

  it('changes what differs and never drops what is not declared', () => {
    const d = declared();
    const envValues = envValuesFor(d);
    const existing = complete(d, envValues);
    existing.collections.tickets.indexes.push({ name: 'by_hand', fields: [['title', 1]], unique: false });
    existing.collections.tickets.permission = 'PRIVATE';
    existing.collections.leftover = { indexes: [], permission: 'READONLY' };
    existing.collections.passes.indexes = existing.collections.passes.indexes.filter((ix) => ix.name !== 'ref');
    existing.functions.slaSweep.timeout = 3;
    existing.functions.slaSweep.triggers = [
      { name: 'slaSweep', type: 'timer', config: '0 0 * * * * *' },
      { name: 'old', type: 'timer', config: '0 0 1 * * * *' },
    ];
    existing.functions.tickets.description = 'guanjia code 0000';
    existing.functions.passes.envVariables.EXTRA = 'kept';
    const plan = planDeploy(d, existing, { only: ['db', 'functions'], envValues });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.steps.map((s) => s.op),
      // database first, then the functions in name order: slaSweep's timeout and timer, tickets' code
      ['createIndex', 'setPermission', 'updateConfig', 'replaceTrigger', 'updateCode'],
    );
    assert.ok(plan.notes.some((n) => n.includes('tickets.by_hand')));
    assert.ok(plan.notes.some((n) => n.includes('collection leftover')));
    assert.ok(plan.notes.some((n) => n.includes('slaSweep.old')));
    const code = plan.steps.find((s) => s.op === 'updateCode');
    assert.ok(code?.op === 'updateCode' && code.name === 'tickets');
    const passes = planDeploy(d, existing, { only: ['functions'], envValues: { PASS_SECRET: 'rotated-secret-value-0123456789' } });
    const update = passes.steps.find((s) => s.op === 'updateConfig' && s.name === 'passes');
    assert.ok(update?.op === 'updateConfig');
    assert.equal(update.settings.envVariables.EXTRA, 'kept', 'variables set by hand in the console are kept');
    assert.equal(update.settings.envVariables.PASS_SECRET, 'rotated-secret-value-0123456789');
  });

  it('an index that changed under the same name stops the plan instead of dropping it', () => {
    const d = declared();
    const envValues = envValuesFor(d);
    const existing = complete(d, envValues);
    existing.collections.tickets.indexes[0] = { ...existing.collections.tickets.indexes[0], fields: [['communityId', 1]] };
    const plan = planDeploy(d, existing, { only: ['db'], envValues });
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0], /tickets: index "community_state_due".*new name/);
  });
});

/** An in-memory environment behind the CloudApi; `failOn` makes one call fail once. */
function memoryCloud(state: Existing, failOn?: string): CloudApi & { calls: string[] } {
  const calls: string[] = [];
  let failed = false;
  const call = (what: string) => {
    calls.push(what);
    if (failOn && what === failOn && !failed) {
      failed = true;
      throw new Error(`[InternalError] ${what} failed`);
    }
  };
  return {
    calls,
    async readState() {
      return structuredClone(state);
    },
    async createCollection(name) {
      call(`createCollection ${name}`);
      state.collections[name] ??= { indexes: [], permission: 'PRIVATE' };
    },
    async createIndex(collection, index) {
      call(`createIndex ${collection}.${index.name}`);
      state.collections[collection].indexes.push({ name: index.name, fields: index.fields, unique: index.unique === true });
    },
    async setPermission(collection, permission) {
      call(`setPermission ${collection}`);
      state.collections[collection].permission = permission;
    },
    async createFunction(name, settings) {
      call(`createFunction ${name}`);
      if (state.functions[name]) throw new Error('ResourceInUse.FunctionName');
      state.functions[name] = { timeout: settings.timeout, description: settings.description, envVariables: { ...settings.envVariables }, triggers: [] };
    },
    async updateFunctionCode(name, settings) {
      call(`updateFunctionCode ${name}`);
      Object.assign(state.functions[name], { description: settings.description, timeout: settings.timeout, envVariables: { ...settings.envVariables } });
    },
    async updateFunctionConfig(name, settings) {
      call(`updateFunctionConfig ${name}`);
      Object.assign(state.functions[name], { timeout: settings.timeout, envVariables: { ...settings.envVariables } });
    },
    async createTrigger(name, trigger) {
      call(`createTrigger ${name}.${trigger.name}`);
      state.functions[name].triggers.push({ ...trigger });
    },
    async deleteTrigger(name, triggerName) {
      call(`deleteTrigger ${name}.${triggerName}`);
      state.functions[name].triggers = state.functions[name].triggers.filter((t) => t.name !== triggerName);
    },
  };
}

describe('deploy executor', () => {
  it('stops at the first failure, says what was and was not done, and a second run finishes', async () => {
    const d = declared();
    const envValues = envValuesFor(d);
    const state: Existing = { collections: {}, functions: {} };
    const cloud = memoryCloud(state, 'createFunction passes');
    const first = planDeploy(d, await cloud.readState({ collections: [], functions: [] }), { only: ['db', 'functions'], envValues });
    const result = await executePlan(first, cloud, null);
    assert.ok(result.failed?.step && result.failed.step.op === 'createFunction' && result.failed.step.name === 'passes');
    assert.equal(result.done.length + 1 + result.notDone.length, first.steps.length);
    const text = describeResult(result);
    assert.match(text, /FAILED: create function passes/);
    const next = result.notDone[0];
    assert.ok(next, 'steps remain after the failed one');
    assert.ok(text.includes(`Not done (${result.notDone.length}):\n  ${describeStep(next)}`), 'the steps not done are listed, the next one first');
    assert.ok(!text.includes(SECRET));

    const callsBefore = cloud.calls.length;
    const second = planDeploy(d, await cloud.readState({ collections: [], functions: [] }), { only: ['db', 'functions'], envValues });
    assert.equal(second.steps.length, result.notDone.length + 1, 'only what was not done is planned again');
    const finished = await executePlan(second, cloud, null);
    assert.equal(finished.failed, null);
    const repeated = cloud.calls.slice(callsBefore).filter((c) => cloud.calls.slice(0, callsBefore).includes(c) && c !== 'createFunction passes');
    assert.deepEqual(repeated, [], 'nothing done by the first run is done again');

    const third = planDeploy(d, await cloud.readState({ collections: [], functions: [] }), { only: ['db', 'functions'], envValues });
    assert.deepEqual(third.steps, [], 'a third run has nothing left');
    assert.deepEqual(state, complete(d, envValues));
  });

  it('a plan with problems changes nothing', async () => {
    const d = declared();
    const cloud = memoryCloud({ collections: {}, functions: {} });
    const plan = planDeploy(d, { collections: {}, functions: {} }, { only: ['functions'], envValues: {} });
    const result = await executePlan(plan, cloud, null);
    assert.equal(result.done.length, 0);
    assert.deepEqual(cloud.calls, []);
    assert.match(describeResult(result), /PASS_SECRET/);
  });
});

describe('manager-node adapter', () => {
  // A recorded fake of the manager-node calls the adapter makes: replies shaped as manager-node
  // 5.6.5 types them (DescribeTable's Indexes with Keys/Direction strings, GetFunction's
  // Environment.Variables and Triggers). The real cloud is not reachable from here.
  function fakeManager(calls: Array<[string, unknown]>): Manager {
    const record =
      <T>(name: string, reply: T) =>
      async (...args: unknown[]): Promise<T> => {
        calls.push([name, args]);
        return reply;
      };
    const manager = {
      database: {
        listCollections: record('listCollections', {
          RequestId: 'r',
          Collections: [{ CollectionName: 'tickets', TableName: 'tickets', Count: 0, Size: 0, IndexCount: 2, IndexSize: 0 }],
          Pager: { Offset: 0, Limit: 1000, Total: 1 },
        }),
        describeCollection: record('describeCollection', {
          RequestId: 'r',
          Indexes: [
            { Name: '_id_', Size: 0, Keys: [{ Name: '_id', Direction: '1' }], Accesses: { Ops: 0, Since: '' }, Unique: true },
            {
              Name: 'reporter_created',
              Size: 0,
              Keys: [
                { Name: 'reporter', Direction: '1' },
                { Name: 'createdAt', Direction: '-1' },
              ],
              Accesses: { Ops: 0, Since: '' },
              Unique: false,
            },
          ],
        }),
        createCollectionIfNotExists: record('createCollectionIfNotExists', { RequestId: 'r', IsCreated: true, ExistsResult: { RequestId: 'r', Exists: false } }),
        updateCollection: record('updateCollection', {}),
      },
      functions: {
        getFunctionDetail: async (name: string) => {
          calls.push(['getFunctionDetail', [name]]);
          if (name !== 'slaSweep') throw Object.assign(new Error('not found'), { code: 'ResourceNotFound.Function' });
          return {
            Timeout: 60,
            Description: 'guanjia code abc',
            Environment: { Variables: [{ Key: 'A', Value: 'b' }] },
            Triggers: [{ Name: '', Type: 'timer', Config: '', TriggerName: 'slaSweep', TriggerDesc: '0 */5 * * * * *' }],
          };
        },
        createFunction: record('createFunction', { RequestId: 'r' }),
        updateFunctionCode: record('updateFunctionCode', { RequestId: 'r' }),
        updateFunctionConfig: record('updateFunctionConfig', { RequestId: 'r' }),
        createFunctionTriggers: record('createFunctionTriggers', { RequestId: 'r' }),
        deleteFunctionTrigger: record('deleteFunctionTrigger', { RequestId: 'r' }),
        waitFunctionActive: record('waitFunctionActive', undefined),
      },
      permission: {
        describeResourcePermission: record('describeResourcePermission', {
          RequestId: 'r',
          Data: { TotalCount: 1, PermissionList: [{ Resource: 'tickets', Permission: 'ADMINONLY' }] },
        }),
        modifyResourcePermission: record('modifyResourcePermission', { RequestId: 'r', Data: { Success: true } }),
      },
    };
    return manager as unknown as Manager; // the fake answers only what the adapter reads
  }

  it('reads the state and makes the calls manager-node documents', async () => {
    const calls: Array<[string, unknown]> = [];
    const cloud = managerCloud(fakeManager(calls), '/fn-root');
    const state = await cloud.readState({ collections: ['tickets', 'passes'], functions: ['slaSweep', 'passes'] });
    assert.deepEqual(state.collections.tickets, {
      indexes: [
        { name: '_id_', fields: [['_id', 1]], unique: true },
        {
          name: 'reporter_created',
          fields: [
            ['reporter', 1],
            ['createdAt', -1],
          ],
          unique: false,
        },
      ],
      permission: 'ADMINONLY',
    });
    assert.equal(state.collections.passes, undefined);
    assert.deepEqual(state.functions.slaSweep, {
      timeout: 60,
      description: 'guanjia code abc',
      envVariables: { A: 'b' },
      triggers: [{ name: 'slaSweep', type: 'timer', config: '0 */5 * * * * *' }],
    });
    assert.equal(state.functions.passes, undefined);

    calls.length = 0;
    await cloud.createIndex('passes', { name: 'ref', fields: [['ref', 1]], unique: true });
    await cloud.setPermission('passes', 'ADMINONLY');
    await cloud.createFunction('passes', { timeout: 10, envVariables: { PASS_SECRET: 'x' }, description: 'guanjia code 1' });
    await cloud.createTrigger('slaSweep', { name: 'slaSweep', type: 'timer', config: '0 */5 * * * * *' });
    assert.deepEqual(calls[0], [
      'updateCollection',
      ['passes', { CreateIndexes: [{ IndexName: 'ref', MgoKeySchema: { MgoIndexKeys: [{ Name: 'ref', Direction: '1' }], MgoIsUnique: true } }] }],
    ]);
    assert.deepEqual(calls[1], ['modifyResourcePermission', [{ resourceType: 'collection', resource: 'passes', permission: 'ADMINONLY' }]]);
    const [name, args] = calls[2] as [string, [{ func: Record<string, unknown>; functionRootPath: string; force: boolean }]];
    assert.equal(name, 'createFunction');
    assert.equal(args[0].functionRootPath, '/fn-root');
    assert.equal(args[0].force, false, 'never overwrite a function by surprise');
    assert.deepEqual(args[0].func.envVariables, { PASS_SECRET: 'x' });
    assert.equal(args[0].func.triggers, undefined, 'triggers are their own steps');
    assert.deepEqual(calls[3], ['createFunctionTriggers', ['slaSweep', [{ name: 'slaSweep', type: 'timer', config: '0 */5 * * * * *' }]]]);
  });
});

// The part of Tencent CloudBase the deploy uses, as one small interface, and its implementation
// over @cloudbase/manager-node (the maintained Node management SDK that @cloudbase/cli is built
// on). Signatures follow manager-node 5.6.5's own type declarations (types/database, types/function,
// types/permission); the adapter is typed against them, so a changed signature fails typecheck.

import type { IndexSpec, TriggerSpec } from './declared';
import { type Existing, type ExistingFunction, type ExistingIndex, type FunctionSettings, RUNTIME } from './plan';

export interface CloudApi {
  /** The state of the named collections and functions (absent ones are simply missing). */
  readState(names: { collections: string[]; functions: string[] }): Promise<Existing>;
  createCollection(name: string): Promise<void>;
  createIndex(collection: string, index: IndexSpec): Promise<void>;
  setPermission(collection: string, permission: string): Promise<void>;
  createFunction(name: string, settings: FunctionSettings): Promise<void>;
  updateFunctionCode(name: string, settings: FunctionSettings): Promise<void>;
  updateFunctionConfig(name: string, settings: FunctionSettings): Promise<void>;
  createTrigger(name: string, trigger: TriggerSpec): Promise<void>;
  deleteTrigger(name: string, triggerName: string): Promise<void>;
}

/** What the adapter needs of a manager-node CloudBase instance (kept narrow for the test's fake). */
export interface Manager {
  database: Pick<import('@cloudbase/manager-node/types/database').DatabaseService, 'listCollections' | 'describeCollection' | 'createCollectionIfNotExists' | 'updateCollection'>;
  functions: Pick<
    import('@cloudbase/manager-node/types/function').FunctionService,
    'getFunctionDetail' | 'createFunction' | 'updateFunctionCode' | 'updateFunctionConfig' | 'createFunctionTriggers' | 'deleteFunctionTrigger' | 'waitFunctionActive'
  >;
  permission: Pick<import('@cloudbase/manager-node/types/permission').PermissionService, 'describeResourcePermission' | 'modifyResourcePermission'>;
}

function direction(value: string | undefined): 1 | -1 {
  return value === '-1' ? -1 : 1;
}

function isNotFound(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('ResourceNotFound');
}

/** manager-node over an environment; `functionRoot` is the folder holding one folder per function. */
export function managerCloud(manager: Manager, functionRoot: string): CloudApi {
  const funcOf = (name: string, settings: FunctionSettings) => ({
    name,
    timeout: settings.timeout,
    runtime: RUNTIME,
    handler: 'index.main',
    description: settings.description,
    envVariables: settings.envVariables,
    // the cloud installs wx-server-sdk from the function's package.json, as DevTools' 「云端安装依赖」
    installDependency: true,
  });
  return {
    async readState(names) {
      const existing: Existing = { collections: {}, functions: {} };
      const listed = await manager.database.listCollections({ MgoLimit: 1000, MgoOffset: 0 });
      const present = new Set(listed.Collections.map((c) => c.CollectionName));
      const wanted = names.collections.filter((n) => present.has(n));
      const permissions = new Map<string, string>();
      for (let i = 0; i < wanted.length; i += 100) {
        const reply = await manager.permission.describeResourcePermission({ resourceType: 'collection', resources: wanted.slice(i, i + 100) });
        for (const item of reply.Data.PermissionList) if (item.Resource && item.Permission) permissions.set(item.Resource, item.Permission);
      }
      for (const name of present) {
        if (!names.collections.includes(name)) {
          existing.collections[name] = { indexes: [], permission: null };
          continue;
        }
        const table = await manager.database.describeCollection(name);
        const indexes: ExistingIndex[] = (table.Indexes ?? []).map((ix) => ({
          name: ix.Name,
          fields: ix.Keys.map((k): [string, 1 | -1] => [k.Name ?? '', direction(k.Direction)]),
          unique: ix.Unique === true,
        }));
        existing.collections[name] = { indexes, permission: permissions.get(name) ?? null };
      }
      for (const name of names.functions) {
        try {
          const detail = await manager.functions.getFunctionDetail(name);
          const fn: ExistingFunction = {
            timeout: detail.Timeout,
            description: detail.Description ?? '',
            envVariables: Object.fromEntries((detail.Environment?.Variables ?? []).map((v) => [v.Key, v.Value])),
            triggers: (detail.Triggers ?? []).map((t) => ({ name: t.TriggerName, type: t.Type, config: t.TriggerDesc })),
          };
          existing.functions[name] = fn;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      return existing;
    },
    async createCollection(name) {
      await manager.database.createCollectionIfNotExists(name);
    },
    async createIndex(collection, index) {
      await manager.database.updateCollection(collection, {
        CreateIndexes: [
          {
            IndexName: index.name,
            MgoKeySchema: { MgoIndexKeys: index.fields.map(([path, dir]) => ({ Name: path, Direction: String(dir) })), MgoIsUnique: index.unique === true },
          },
        ],
      });
    },
    async setPermission(collection, permission) {
      await manager.permission.modifyResourcePermission({ resourceType: 'collection', resource: collection, permission: permission as 'ADMINONLY' });
    },
    async createFunction(name, settings) {
      // Triggers are separate steps, so a failure says which part is missing.
      await manager.functions.createFunction({ func: funcOf(name, settings), functionRootPath: functionRoot, force: false });
    },
    async updateFunctionCode(name, settings) {
      await manager.functions.updateFunctionCode({ func: funcOf(name, settings), functionRootPath: functionRoot });
      // the configuration can only change once the new code is live
      await manager.functions.waitFunctionActive(name);
      await manager.functions.updateFunctionConfig(funcOf(name, settings));
    },
    async updateFunctionConfig(name, settings) {
      await manager.functions.updateFunctionConfig(funcOf(name, settings));
    },
    async createTrigger(name, trigger) {
      await manager.functions.createFunctionTriggers(name, [trigger]);
    },
    async deleteTrigger(name, triggerName) {
      await manager.functions.deleteFunctionTrigger(name, triggerName);
    },
  };
}

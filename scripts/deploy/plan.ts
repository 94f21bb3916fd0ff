// The deploy plan: a pure function of what the repository declares and what the environment
// already has. It only ever adds or changes: it never drops a collection, an index, a function
// or an environment variable (an unknown one in the cloud is reported and left alone).

import type { Declared, DeclaredFunction, IndexSpec, TriggerSpec } from './declared';

export type Part = 'db' | 'functions' | 'app';
export const PARTS: Part[] = ['db', 'functions', 'app'];

/** Only the functions may read and write: WeChat's 「所有用户不可读写」, the API's ADMINONLY. */
export const COLLECTION_PERMISSION = 'ADMINONLY';

/** The runtime every function is created with (the build targets node16). */
export const RUNTIME = 'Nodejs16.13';

export interface ExistingIndex {
  name: string;
  fields: Array<[string, 1 | -1]>;
  unique: boolean;
}

export interface ExistingCollection {
  indexes: ExistingIndex[];
  /** null when the environment did not say */
  permission: string | null;
}

export interface ExistingFunction {
  timeout: number;
  description: string;
  envVariables: Record<string, string>;
  triggers: TriggerSpec[];
}

/** What the environment has, as read before planning (or given by a test). */
export interface Existing {
  collections: Record<string, ExistingCollection>;
  functions: Record<string, ExistingFunction>;
}

export interface FunctionSettings {
  timeout: number;
  /** the complete set the function gets: what the cloud had, with the deployer's values on top */
  envVariables: Record<string, string>;
  description: string;
}

export type Step =
  | { part: 'db'; op: 'createCollection'; collection: string }
  | { part: 'db'; op: 'createIndex'; collection: string; index: IndexSpec }
  | { part: 'db'; op: 'setPermission'; collection: string; from: string | null; permission: string }
  | { part: 'functions'; op: 'createFunction'; name: string; settings: FunctionSettings }
  | { part: 'functions'; op: 'updateCode'; name: string; settings: FunctionSettings }
  | { part: 'functions'; op: 'updateConfig'; name: string; settings: FunctionSettings; changes: string[] }
  | { part: 'functions'; op: 'createTrigger'; name: string; trigger: TriggerSpec }
  | { part: 'functions'; op: 'replaceTrigger'; name: string; trigger: TriggerSpec; from: string }
  | { part: 'app'; op: 'uploadApp'; version: string; description: string };

export interface Plan {
  steps: Step[];
  /** things that are already as declared */
  unchanged: string[];
  /** things in the cloud the repository does not declare: left alone, worth a look */
  notes: string[];
  /** reasons the plan must not run (a declared index that clashes with one in the cloud, a missing secret) */
  problems: string[];
}

export interface PlanOptions {
  only?: Part[];
  /** the deployer's values for the environment variables the functions declare (by name) */
  envValues: Record<string, string>;
  /** the mini-program version to upload; the app part is planned only when it is given */
  app?: { version: string; description: string };
}

const CODE_MARK = 'guanjia code ';

export function codeDescription(fn: DeclaredFunction): string {
  return `${CODE_MARK}${fn.codeHash.slice(0, 16)}`;
}

function sameFields(a: Array<[string, number]>, b: Array<[string, number]>): boolean {
  return a.length === b.length && a.every(([path, dir], i) => b[i][0] === path && b[i][1] === dir);
}

function planCollections(declared: Declared, existing: Existing, plan: Plan): void {
  for (const spec of declared.collections) {
    const have = existing.collections[spec.name];
    if (!have) plan.steps.push({ part: 'db', op: 'createCollection', collection: spec.name });
    for (const index of spec.indexes) {
      const found = have?.indexes.find((ix) => ix.name === index.name);
      if (!found) {
        plan.steps.push({ part: 'db', op: 'createIndex', collection: spec.name, index });
      } else if (!sameFields(found.fields, index.fields) || found.unique !== (index.unique === true)) {
        // Changing an index means dropping it, which this tool never does: declare a new name.
        plan.problems.push(
          `${spec.name}: index "${index.name}" in the cloud is ${JSON.stringify(found.fields)}${found.unique ? ' unique' : ''}, declared ${JSON.stringify(index.fields)}${index.unique ? ' unique' : ''} — give the declared one a new name (old indexes are never dropped)`,
        );
      } else {
        plan.unchanged.push(`index ${spec.name}.${index.name}`);
      }
    }
    for (const ix of have?.indexes ?? []) {
      if (ix.name !== '_id_' && !spec.indexes.some((d) => d.name === ix.name)) plan.notes.push(`index ${spec.name}.${ix.name} is in the cloud but not declared (left alone)`);
    }
    if (have?.permission === COLLECTION_PERMISSION) plan.unchanged.push(`collection ${spec.name} (${COLLECTION_PERMISSION})`);
    else plan.steps.push({ part: 'db', op: 'setPermission', collection: spec.name, from: have?.permission ?? null, permission: COLLECTION_PERMISSION });
  }
  const declaredNames = new Set(declared.collections.map((c) => c.name));
  for (const name of Object.keys(existing.collections).sort()) {
    if (!declaredNames.has(name)) plan.notes.push(`collection ${name} is in the cloud but not declared (left alone)`);
  }
}

function settingsFor(fn: DeclaredFunction, have: ExistingFunction | undefined, envValues: Record<string, string>, plan: Plan): FunctionSettings {
  const envVariables: Record<string, string> = { ...(have?.envVariables ?? {}) };
  for (const [name, need] of Object.entries(fn.environment)) {
    const value = envValues[name];
    if (value !== undefined && value !== '') envVariables[name] = value;
    else if (need === 'required' && !envVariables[name]) {
      plan.problems.push(`${fn.name}: environment variable ${name} is required — export it in the shell that runs the deploy (it is never read from a file)`);
    }
  }
  return { timeout: fn.timeout, envVariables, description: codeDescription(fn) };
}

function planFunctions(declared: Declared, existing: Existing, envValues: Record<string, string>, plan: Plan): void {
  for (const fn of declared.functions) {
    const have = existing.functions[fn.name];
    const settings = settingsFor(fn, have, envValues, plan);
    if (!have) {
      plan.steps.push({ part: 'functions', op: 'createFunction', name: fn.name, settings });
      for (const trigger of fn.triggers) plan.steps.push({ part: 'functions', op: 'createTrigger', name: fn.name, trigger });
      continue;
    }
    if (have.description !== settings.description) {
      plan.steps.push({ part: 'functions', op: 'updateCode', name: fn.name, settings });
    } else {
      plan.unchanged.push(`function ${fn.name} code`);
    }
    const changes: string[] = [];
    if (have.timeout !== fn.timeout) changes.push(`timeout ${have.timeout}s → ${fn.timeout}s`);
    for (const name of Object.keys(fn.environment)) {
      const want = settings.envVariables[name];
      if (want !== undefined && have.envVariables[name] !== want) changes.push(`environment ${name} ${have.envVariables[name] === undefined ? 'set' : 'changed'}`);
    }
    // updateCode writes the whole configuration too; a separate step only when the code is unchanged.
    if (changes.length > 0 && have.description === settings.description) {
      plan.steps.push({ part: 'functions', op: 'updateConfig', name: fn.name, settings, changes });
    } else if (changes.length === 0) {
      plan.unchanged.push(`function ${fn.name} configuration`);
    }
    for (const trigger of fn.triggers) {
      const same = have.triggers.find((t) => t.name === trigger.name);
      if (!same) plan.steps.push({ part: 'functions', op: 'createTrigger', name: fn.name, trigger });
      else if (same.type !== trigger.type || same.config.trim() !== trigger.config.trim()) {
        plan.steps.push({ part: 'functions', op: 'replaceTrigger', name: fn.name, trigger, from: `${same.type} ${same.config}` });
      } else plan.unchanged.push(`trigger ${fn.name}.${trigger.name}`);
    }
    for (const t of have.triggers) {
      if (!fn.triggers.some((d) => d.name === t.name))
        plan.notes.push(`trigger ${fn.name}.${t.name} (${t.type} ${t.config}) is in the cloud but not declared (left alone; delete it in the console if it is stale)`);
    }
    for (const name of Object.keys(have.envVariables)) {
      if (!(name in fn.environment)) plan.notes.push(`${fn.name}: environment variable ${name} is set in the cloud but not declared (kept)`);
    }
  }
  const declaredNames = new Set(declared.functions.map((f) => f.name));
  for (const name of Object.keys(existing.functions).sort()) {
    if (!declaredNames.has(name)) plan.notes.push(`function ${name} is in the cloud but not in dist/cloudfunctions (left alone)`);
  }
}

export function planDeploy(declared: Declared, existing: Existing, options: PlanOptions): Plan {
  const parts = new Set(options.only && options.only.length > 0 ? options.only : PARTS);
  const plan: Plan = { steps: [], unchanged: [], notes: [], problems: [] };
  if (parts.has('db')) planCollections(declared, existing, plan);
  if (parts.has('functions')) {
    if (declared.functions.length === 0) plan.problems.push('dist/cloudfunctions/ holds no function: run `npm run build:functions` first');
    planFunctions(declared, existing, options.envValues, plan);
  }
  if (parts.has('app')) {
    if (options.app) plan.steps.push({ part: 'app', op: 'uploadApp', version: options.app.version, description: options.app.description });
    else plan.problems.push('the mini-program upload needs a version');
  }
  return plan;
}

/** One line per step. Never prints an environment variable's value. */
export function describeStep(step: Step): string {
  switch (step.op) {
    case 'createCollection':
      return `create collection ${step.collection}`;
    case 'createIndex':
      return `create index ${step.collection}.${step.index.name} ${JSON.stringify(step.index.fields)}${step.index.unique ? ' unique' : ''}`;
    case 'setPermission':
      return `set permission of ${step.collection}: ${step.from ?? 'unknown'} → ${step.permission}`;
    case 'createFunction':
      return `create function ${step.name} (timeout ${step.settings.timeout}s, environment: ${Object.keys(step.settings.envVariables).sort().join(', ') || 'none'})`;
    case 'updateCode':
      return `upload code of ${step.name} (${step.settings.description}) and its configuration`;
    case 'updateConfig':
      return `update configuration of ${step.name}: ${step.changes.join('; ')}`;
    case 'createTrigger':
      return `create trigger ${step.name}.${step.trigger.name} (${step.trigger.type} ${step.trigger.config})`;
    case 'replaceTrigger':
      return `replace trigger ${step.name}.${step.trigger.name}: ${step.from} → ${step.trigger.type} ${step.trigger.config}`;
    case 'uploadApp':
      return `upload the mini-program, version ${step.version}`;
  }
}

export function describePlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(plan.steps.length === 0 ? 'Nothing to change.' : `To do (${plan.steps.length}):`);
  for (const step of plan.steps) lines.push(`  [${step.part}] ${describeStep(step)}`);
  lines.push(`Already as declared: ${plan.unchanged.length}`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const problem of plan.problems) lines.push(`  PROBLEM: ${problem}`);
  return lines.join('\n');
}

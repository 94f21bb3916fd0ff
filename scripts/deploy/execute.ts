// Runs a plan step by step and stops at the first failure, saying what was done and what was not.
// Every step is safe to repeat (create-if-missing, same-name index, whole configuration), so the
// remedy for a failure is to fix its cause and run the same command again.

import type { CloudApi } from './cloud';
import { describeStep, type Plan, type Step } from './plan';

export interface AppUploader {
  upload(version: string, description: string): Promise<void>;
}

export interface ExecuteResult {
  done: Step[];
  /** the step that failed (null when the plan was refused before any step) */
  failed: { step: Step | null; message: string } | null;
  notDone: Step[];
}

async function run(step: Step, cloud: CloudApi, app: AppUploader | null): Promise<void> {
  switch (step.op) {
    case 'createCollection':
      return cloud.createCollection(step.collection);
    case 'createIndex':
      return cloud.createIndex(step.collection, step.index);
    case 'setPermission':
      return cloud.setPermission(step.collection, step.permission);
    case 'createFunction':
      return cloud.createFunction(step.name, step.settings);
    case 'updateCode':
      return cloud.updateFunctionCode(step.name, step.settings);
    case 'updateConfig':
      return cloud.updateFunctionConfig(step.name, step.settings);
    case 'createTrigger':
      return cloud.createTrigger(step.name, step.trigger);
    case 'replaceTrigger':
      await cloud.deleteTrigger(step.name, step.trigger.name);
      return cloud.createTrigger(step.name, step.trigger);
    case 'uploadApp':
      if (!app) throw new Error('no mini-program uploader configured');
      return app.upload(step.version, step.description);
  }
}

export async function executePlan(plan: Plan, cloud: CloudApi, app: AppUploader | null, log: (line: string) => void = () => {}): Promise<ExecuteResult> {
  if (plan.problems.length > 0) {
    return { done: [], failed: { step: null, message: `the plan has problems, nothing was changed:\n${plan.problems.join('\n')}` }, notDone: plan.steps };
  }
  const done: Step[] = [];
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    try {
      await run(step, cloud, app);
      done.push(step);
      log(`  done: ${describeStep(step)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { done, failed: { step, message }, notDone: plan.steps.slice(i + 1) };
    }
  }
  return { done, failed: null, notDone: [] };
}

export function describeResult(result: ExecuteResult): string {
  if (!result.failed) return `Deployed: ${result.done.length} step(s) done.`;
  const lines = [`FAILED: ${result.failed.step ? describeStep(result.failed.step) : 'before the first step'}`, `  ${result.failed.message}`, `Done (${result.done.length}):`];
  for (const step of result.done) lines.push(`  ${describeStep(step)}`);
  lines.push(`Not done (${result.notDone.length}):`);
  for (const step of result.notDone) lines.push(`  ${describeStep(step)}`);
  lines.push('Fix the cause and run the same command again: finished steps are found in place and skipped.');
  return lines.join('\n');
}

// What a community promises, as the contract's ServiceLevels: the tickets' policy after its
// override, the questions' clocks (part of that policy) and the passes' decision clock. Pure: the
// policies are arguments, so the pages and the notices read the same numbers the clocks use.
import type { ServiceLevels } from '../../../types/sla';
import { defaultPassPolicy, type PassPolicy } from './passes';
import { policySpans, type SlaPolicy } from './policy';

export function serviceLevelsOf(communityId: string | null, policy: SlaPolicy, passPolicy: PassPolicy = defaultPassPolicy): ServiceLevels {
  return {
    communityId,
    version: policy.version,
    tickets: policySpans(policy),
    questions: { firstAnswer: policy.questions.firstAnswer, complexAnswer: policy.questions.complexAnswer },
    passes: { decide: passPolicy.decide },
  };
}

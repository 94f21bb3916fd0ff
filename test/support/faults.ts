// Faults the tests inject into a sweep or a greeting run through its `faults` hooks
// (core/workflow/sweep.ts): production code knows the seam, never the crash.
import type { Faults } from '../../cloudfunctions/core/workflow/sweep';

/** The instance is gone: thrown by an injected fault. */
export class SimulatedCrash extends Error {
  constructor() {
    super('the instance is gone');
    this.name = 'SimulatedCrash';
  }
}

/** The run dies right after its `n`th claim lands, before that claim's notices or sends. */
export function crashAfterClaims(n: number): Faults {
  return {
    afterClaim(count) {
      if (count >= n) throw new SimulatedCrash();
    },
  };
}

// Shared by the sweeps that claim an alert and then deliver it (tickets' slaSweep, questionSweep):
// an alert in hand is held by a lease in `alertLeases` until its notices are delivered, so that a
// run dying in between leaves it to be resumed instead of lost (docs/rules.md, The SLA sweep).

/** The collection of leases; index (source, until) finds the expired ones of each sweep. */
export const ALERT_LEASES = 'alertLeases';

/**
 * How long a lease protects an alert in hand: well past the sweeps' 60-second limit (their
 * config.json), so a lease this old belongs to a dead run.
 */
export const LEASE_MS = 2 * 60_000;

/** Thrown by the sweeps' test hook (`crashAfterClaims`): the instance is gone. */
export class SweepCrash extends Error {}

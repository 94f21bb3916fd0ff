// How the owner archive is stored (SPEC §14). Times are Date; retention a Shanghai calendar date.
import type { ActorRole } from '../../../types/enums';
import type { ArchiveAction, ArchiveDocKind, ArchiveState } from '../../../types/archives';

export interface ArchiveEventDoc {
  action: ArchiveAction;
  from: ArchiveState | null;
  to: ArchiveState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface ArchiveFileDoc {
  _id: string;
  communityId: string;
  unit: string;
  kind: ArchiveDocKind;
  title: string;
  location: string;
  filedAt: Date;
  /** YYYY-MM-DD (Shanghai): past it the file may be proposed for destruction */
  retainUntil: string;
  state: ArchiveState;
  rev: number;
  confidential: boolean;
  borrow: {
    by: string;
    byName: string | null;
    reason: string;
    returnBy: string;
    approvedBy: string | null;
    approvedByName: string | null;
    lentAt: Date | null;
    returnedAt: Date | null;
  } | null;
  destruction: {
    proposedBy: string;
    proposedByName: string | null;
    approvedBy: string | null;
    approvedByName: string | null;
    confirmations: Array<{ by: string; byName: string | null; at: Date }>;
    destroyedAt: Date | null;
  } | null;
  events: ArchiveEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** One look at a unit's archive: who, why, when (visible to the manager). */
export interface ArchiveLookDoc {
  _id: string;
  communityId: string;
  unit: string;
  by: string;
  byName: string | null;
  role: string;
  reason: string;
  at: Date;
}

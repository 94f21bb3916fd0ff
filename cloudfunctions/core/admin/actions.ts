// The `admin` function's actions (SPEC §11): one table, each part in its own file.
import type { ActionTable } from '../router/router';
import { communityActions } from './communities';
import { importActionsTable } from './imports';
import { moveInActionsTable } from './movein';
import { invitationActions } from './invitations';
import { postActions } from './posts';

export const adminActionTable = {
  ...communityActions,
  ...invitationActions,
  ...postActions,
  ...importActionsTable,
  ...moveInActionsTable,
} satisfies ActionTable<'admin'>;

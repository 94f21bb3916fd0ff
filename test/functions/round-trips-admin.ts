// The admin function's rows of the round-trip budget table (round-trips.test.ts), in their own file
// so the table's other rows stay as they are. They run last: they make their own people and
// never end a seeded post.
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../types/admin';
import type { TestCloud } from '../support/cloud';
import { DUTY, MANAGER, OTHER_OWNER } from '../support/people';
import { type Row, str } from './round-trips.test';

const rid = (name: string) => `rt-admin-${name}-0001`;
const BOOT = 'round-trips-bootstrap-code-0123';

/** A sheet of `n` units in building 40 with their owners, uploaded; its fileID. */
async function uploadSheet(cloud: TestCloud, n: number): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('导入');
  ws.addRow([...IMPORT_COLUMNS]);
  for (let i = 0; i < n; i += 1) ws.addRow(['40', '1', String(101 + i), `业主${i}`, `137${String(i).padStart(8, '0')}`, '否']);
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  const res = await fetch(`${cloud.url}/api/upload?name=units.xlsx&folder=imports`, { method: 'POST', body: new Uint8Array(body) });
  return ((await res.json()) as { fileID: string }).fileID;
}

const IMPORT_NOTE = 'reads the units (and roster) in chunks of 500 ids and writes in batches of 500: grows with the sheet, not per row';

export const adminRows: Row[] = [
  {
    fn: 'admin',
    action: 'bootstrap',
    kind: 'create',
    budget: 12,
    before: 12,
    note: 'the once-per-request claim and rate limit (4), the marker, the community and the post written and re-read for a retry, the units count',
    call: (s) => {
      s.cloud.cloud.setFunctionEnv({ ADMIN_BOOTSTRAP_CODE: BOOT });
      return {
        openid: 'rt-first-manager',
        input: { code: BOOT, communityId: 'rt-new', communityName: '新小区', supervisionPhone: '0532-8000000', name: '首任经理', phone: '13600000077' },
        requestId: rid('boot'),
      };
    },
  },
  {
    fn: 'admin',
    action: 'saveCommunity',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: () => ({ openid: MANAGER, input: { id: 'yuehai', name: '悦海和园', supervisionPhone: '0532-88886666', buildings: ['1', '2', '3'] } }),
  },
  { fn: 'admin', action: 'communities', kind: 'read', budget: 4, before: 4, note: 'one units count per community managed', call: () => ({ openid: MANAGER, input: {} }) },
  {
    fn: 'admin',
    action: 'invite',
    kind: 'create',
    budget: 9,
    before: 9,
    note: 'the once-per-request claim and rate limit (4), a retry’s earlier invitation and the community read',
    call: () => ({ openid: MANAGER, input: { communityId: 'yuehai', role: 'steward', kind: 'duty', postName: '夜班值班管家' }, requestId: rid('invite') }),
    then: (data, s) => {
      s.ids.inviteCode = str(data, 'invitation.code');
    },
  },
  {
    fn: 'admin',
    action: 'invitation',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the community’s name beside the invitation',
    call: (s) => ({ openid: 'rt-new-steward', input: { code: s.ids.inviteCode } }),
  },
  {
    fn: 'admin',
    action: 'acceptInvite',
    kind: 'transition',
    budget: 6,
    before: 6,
    note: 'the inviter’s post is read again: a code outlives no one’s rights',
    call: (s) => ({ openid: 'rt-new-steward', input: { code: s.ids.inviteCode, name: '夜班管家', phone: '13500000077' } }),
    then: (data, s) => {
      s.ids.newPost = str(data, 'post.id');
    },
  },
  {
    fn: 'admin',
    action: 'invitations',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the community’s name beside the list',
    call: () => ({ openid: MANAGER, input: { communityId: 'yuehai' } }),
  },
  {
    fn: 'admin',
    action: 'revokeInvite',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: async (s) => {
      const made = await s.setup('admin', 'invite', { communityId: 'yuehai', role: 'guard', postName: '北门岗' }, MANAGER, rid('invite-2'));
      return { openid: MANAGER, input: { id: str(made, 'invitation.id') } };
    },
  },
  { fn: 'admin', action: 'staff', kind: 'read', budget: 3, before: 3, call: () => ({ openid: MANAGER, input: { communityId: 'yuehai' } }) },
  {
    fn: 'admin',
    action: 'editPost',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: (s) => ({ openid: MANAGER, input: { id: s.ids.newPost, rev: 0, role: 'steward', kind: 'duty', postName: '夜班值班管家（主）' } }),
  },
  {
    fn: 'admin',
    action: 'deactivate',
    kind: 'transition',
    budget: 10,
    before: 10,
    note: 'the post ended, then the held tickets and questions read (nothing held here), the leads read and told (inbox and grant: 3)',
    call: (s) => ({ openid: MANAGER, input: { id: s.ids.newPost, rev: 1 } }),
  },
  {
    fn: 'admin',
    action: 'importTemplate',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the template is made, uploaded to storage and given a download link (2)',
    call: () => ({ openid: MANAGER, input: {} }),
  },
  {
    fn: 'admin',
    action: 'importUnits',
    kind: 'create',
    budget: 10,
    before: 10,
    note: IMPORT_NOTE,
    call: async (s) => {
      s.ids.sheet = await uploadSheet(s.cloud, 20);
      return { openid: MANAGER, input: { communityId: 'yuehai', fileID: s.ids.sheet }, requestId: rid('units') };
    },
  },
  {
    fn: 'admin',
    action: 'importRoster',
    kind: 'create',
    budget: 10,
    before: 10,
    note: IMPORT_NOTE,
    call: (s) => ({ openid: MANAGER, input: { communityId: 'yuehai', fileID: s.ids.sheet }, requestId: rid('roster') }),
  },
  {
    fn: 'admin',
    action: 'moveIn',
    kind: 'create',
    budget: 26,
    before: 26,
    note: 'the defect is a warranty ticket made by tickets.create itself (its own count), then the record, the unit and the roster line',
    call: () => ({
      openid: DUTY,
      input: {
        communityId: 'yuehai',
        unit: '2-1-202',
        ownerName: '李秀英',
        ownerPhone: '13800000002',
        keysHandedOn: '2026-11-24',
        meters: [{ kind: 'water', reading: 3, photos: [] }],
        checklist: [{ room: '厨房', item: '给排水', ok: false, note: null }],
        defects: [{ room: '厨房', description: '水槽下方渗水', severity: 'minor' }],
      },
      requestId: rid('movein'),
    }),
    then: (data, s) => {
      s.ids.moveIn = str(data, 'record.id');
    },
  },
  { fn: 'admin', action: 'moveInRecord', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: OTHER_OWNER, input: { id: s.ids.moveIn } }) },
  { fn: 'admin', action: 'moveIns', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OTHER_OWNER, input: {} }) },
  { fn: 'admin', action: 'confirmMoveIn', kind: 'transition', budget: 5, before: 5, call: (s) => ({ openid: OTHER_OWNER, input: { id: s.ids.moveIn } }) },
];

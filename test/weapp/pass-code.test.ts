// Item release passes in the weapp build: the approved pass's QR code is drawn as Views whose dark
// runs are exactly the symbol qrcode encodes for the code, with the code as text beside it; the
// guard's page scans with wx.scanCode and checks what the camera read.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { create } from 'qrcode';
import type { Me } from '../../types/account';
import type { GateVerdict, Pass } from '../../types/passes';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';

const CODE = '343Q-WXE1-QXFJ-79PE';

const pass: Pass = {
  id: 'p-1',
  no: 'FX20261124-0001',
  communityId: 'yuehai',
  unit: '1-1-101',
  building: '1',
  state: 'approved',
  applicantRole: 'owner',
  applicantName: '王建国',
  applicantPhone: '13800000001',
  items: [
    { name: '双人床', count: 1, photos: [] },
    { name: '纸箱', count: 12, photos: [] },
  ],
  from: '2026-11-24T14:00:00.000+08:00',
  to: '2026-11-24T17:00:00.000+08:00',
  carrier: { name: '刘师傅', phone: '13912345678', plate: '鲁B12345' },
  reason: 'moving_out',
  reasonNote: null,
  needsOwner: false,
  ownerConfirmation: null,
  decideBy: '2026-11-24T09:16:00.000+08:00',
  due: null,
  decision: { approved: true, byName: '陈静', at: '2026-11-24T09:05:00.000+08:00', reason: null },
  gate: null,
  qr: CODE,
  ownerContacts: [],
  allowed: ['revoke'],
  events: [],
  policyVersion: 'guanjia-2026.1',
  createdAt: '2026-11-24T09:01:00.000+08:00',
  updatedAt: '2026-11-24T09:05:00.000+08:00',
};

const guardMe: Me = {
  ...ownerMe,
  openid: 'dev-guard',
  units: [],
  staff: [{ communityId: 'yuehai', communityName: '悦海和园', role: 'guard', kind: null, buildings: [], name: '周勇' }],
  roles: ['guard'],
  isStaff: true,
};

const { qr: _qr, ownerContacts: _contacts, events: _events, ...summary } = pass;
const valid: GateVerdict = { valid: true, refusal: null, message: '放行条有效，请核对物品后放行', pass: summary };

describe('weapp build, the pass code', () => {
  let app: Harness;
  // the session is read once per app: the guard opens both pages (the detail page draws whatever
  // `get` answers)
  const me: Me = guardMe;
  const scanned: unknown[] = [];

  before(async () => {
    app = launchApp(
      (call) => {
        if (call.name === 'account' && call.data.action === 'me') return ok(me);
        if (call.name === 'passes' && call.data.action === 'get') return ok({ pass });
        if (call.name === 'passes' && call.data.action === 'verify') return ok(valid);
        return noMock(call);
      },
      (mock) => {
        mock.scanCode = (options: { onlyFromCamera?: boolean; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
          scanned.push(options);
          const result = { errMsg: 'scanCode:ok', result: CODE, scanType: 'QR_CODE', charSet: 'utf-8' };
          options.success?.(result);
          options.complete?.(result);
        };
      },
    );
    await app.settle();
  });

  it('draws the QR symbol of the code as rows of dark and light runs, with the code to read aloud', async () => {
    const page = app.renderPage('packages/pass/detail/index', { id: 'p-1' });
    await app.settle();
    assert.match(textOf(page), new RegExp(CODE));
    const rows = Array.from(page.dom.querySelectorAll('[class$="--qr__row"]'));
    const symbol = create(CODE, { errorCorrectionLevel: 'M' }).modules;
    assert.equal(rows.length, symbol.size);
    const widthOf = (el: Element) => Number(/width:\s*([\d.]+)/.exec(el.getAttribute('style') ?? '')?.[1]);
    const unit = widthOf(rows[0].children[0]) / 7; // every symbol starts with a 7-module finder
    rows.forEach((row, r) => {
      const drawn: boolean[] = [];
      for (const run of Array.from(row.children)) {
        const length = Math.round(widthOf(run) / unit);
        for (let i = 0; i < length; i += 1) drawn.push((run.getAttribute('class') ?? '').endsWith('--qr__dark'));
      }
      const expected = Array.from({ length: symbol.size }, (_, c) => Boolean(symbol.get(r, c)));
      assert.deepEqual(drawn, expected, `row ${r}`);
    });
  });

  it("scans with the camera on the guard's page and checks what it read", async () => {
    const page = app.renderPage('packages/pass/gate/index');
    await app.settle();
    const scan = page.querySelector('#pass-gate-scan');
    assert.ok(scan, 'the scan button is there in weapp');
    scan.dispatchEvent('tap');
    await app.settle();
    assert.equal(scanned.length, 1);
    assert.equal((scanned[0] as { onlyFromCamera?: boolean }).onlyFromCamera, true, 'a photo from the album is no proof at the gate');
    const verify = app.calls.filter((call) => call.name === 'passes' && call.data.action === 'verify');
    assert.deepEqual(verify.at(-1)?.data.input, { code: CODE });
    const text = textOf(page);
    assert.match(text, /放行条有效/);
    assert.match(text, /双人床 × 1/);
  });
});

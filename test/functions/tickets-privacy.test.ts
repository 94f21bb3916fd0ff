// Deleting my data keeps the property's record of the repair but not who reported it (SPEC §1).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { Reply } from '../../types/envelope';

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(async () => {
  await cloud.close();
});

describe('a reporter deleting their data', () => {
  it('anonymises their tickets and keeps the work on record', async () => {
    const created = (await cloud.call(
      'tickets',
      'create',
      { kind: 'repair', scope: 'in_home', unit: '2-1-202', description: '卫生间水龙头一直滴水' },
      { openid: 'dev-owner-2', requestId: 'req-privacy-ticket-1' },
    )) as Reply<{ ticket: { id: string } }>;
    assert.ok(created.ok, JSON.stringify(created));
    const id = created.data.ticket.id;
    const cancelled = (await cloud.call('tickets', 'cancel', { id }, { openid: 'dev-owner-2' })) as Reply<unknown>;
    assert.ok(cancelled.ok, JSON.stringify(cancelled));

    const held = (await cloud.call('account', 'myData', {}, { openid: 'dev-owner-2' })) as Reply<{ records: Record<string, number> }>;
    assert.ok(held.ok);
    const before = held.data.records.tickets;
    assert.ok(before >= 1, 'the ticket is listed among what is held');

    const deleted = (await cloud.call('account', 'deleteMyData', { confirm: true }, { openid: 'dev-owner-2' })) as Reply<{ deleted: Record<string, number> }>;
    assert.ok(deleted.ok, JSON.stringify(deleted));
    assert.equal(deleted.data.deleted.tickets, before);

    const [ticket] = cloud.cloud.store.find('tickets', { _id: id });
    assert.ok(ticket, 'the ticket itself stays');
    assert.equal(ticket.reporter, 'erased');
    assert.equal(ticket.reporterName, null);
    assert.equal(ticket.reporterPhone, null);
    assert.equal(ticket.description, '卫生间水龙头一直滴水');
    assert.equal(cloud.cloud.store.find('tickets', { reporter: 'dev-owner-2' }).length, 0);
    assert.equal(cloud.cloud.store.find('tickets', { 'events.actorId': 'dev-owner-2' }).length, 0, 'no timeline entry names them');
  });
});

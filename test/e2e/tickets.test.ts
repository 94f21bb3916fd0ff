// The repair flow in Chromium on the h5 build against the local cloud (SPEC §3): the owner of
// 1-1-101 reports a leak with a photo from 首页, the duty steward claims it from the queue, takes
// it on, arrives and resolves it with a note, and the owner rates it 5 stars. Each person has
// their own browser context (their own phone). Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { encodePng } from '../../scripts/png';
import type { Page } from 'playwright-core';
import { type BrowserCloud, openedId, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

/** A 320×240 PNG with a gradient, as a phone photo stands in (the page recompresses it to JPEG). */
function testPhoto(): Buffer {
  const width = 320;
  const height = 240;
  return encodePng(width, height, 3, (x, y) => [40 + Math.round((x / width) * 160), 120, 200 - Math.round((y / height) * 120)]);
}

/** Waits until the visible detail page shows the ticket in `label` state. */
async function waitForState(page: Page, label: string): Promise<void> {
  await visible(page, '.ticket-detail .ticket-state', label).waitFor();
}

describe('a repair from report to rating, in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let steward: Page;
  let ticketId = '';
  /** the new ticket's number: the demo data has other tickets for 1-1-101 */
  let ticketNo = '';

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-1' });
    steward = await env.newPage({ as: 'dev-steward-1' });
  });

  after(async () => {
    await env?.close();
  });

  it('the owner reports a leak with a photo from 首页 and sees the ticket submitted, with its deadline', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await visible(owner, '.home-entry-report').waitFor();
    await screenshot(owner, 'tickets-0-owner-home');
    await visible(owner, '.home-entry-report').click();
    await visible(owner, '.report-kind--repair.choice--on').waitFor();

    // Photos are personal data: the privacy notice comes first (SPEC §1).
    await visible(owner, '#privacy-agree').click();
    const chooser = owner.waitForEvent('filechooser');
    await visible(owner, '.photo-picker__add').click();
    await (await chooser).setFiles({ name: 'leak.png', mimeType: 'image/png', buffer: testPhoto() });
    await visible(owner, '.photo-picker__item--done').waitFor();
    // The thumbnail is the uploaded file, loaded back from the local cloud.
    const loaded = await visible(owner, '.photo-picker__item--done img').evaluate(
      (img) =>
        new Promise<boolean>((resolve) => {
          const image = img as HTMLImageElement;
          if (image.complete) resolve(image.naturalWidth > 0);
          else {
            image.onload = () => resolve(image.naturalWidth > 0);
            image.onerror = () => resolve(false);
          }
        }),
    );
    assert.equal(loaded, true, 'the uploaded photo shows as a thumbnail');

    await visible(owner, '.report-description textarea').fill('卫生间洗手盆下水管漏水，地面有积水');
    await screenshot(owner, 'tickets-1-owner-report');
    await visible(owner, '#ticket-submit').click();

    await owner.waitForURL(/packages\/ticket\/detail\/index\?id=/);
    await waitForState(owner, '已提交');
    ticketId = openedId(owner);
    assert.notEqual(ticketId, '');
    const detail = (await visible(owner, '.ticket-detail').innerText()).replace(/\s+/g, ' ');
    assert.match(detail, /报修 · 1-1-101/);
    ticketNo = /BX\d{8}-\d{4}/.exec(detail)?.[0] ?? '';
    assert.notEqual(ticketNo, '', 'the ticket has its number');
    assert.match(detail, /响应时限/);
    assert.match(detail, /提交报修/);
    await visible(owner, '.ticket-detail .photo-picker__item img').waitFor();
    await screenshot(owner, 'tickets-2-owner-submitted');

    // One ticket was made, with the photo as a fileID of the local cloud.
    const reply = (await env.cloud.call('tickets', 'get', { id: ticketId }, { openid: 'dev-owner-1' })) as {
      ok: boolean;
      data: { ticket: { photos: string[]; state: string } };
    };
    assert.equal(reply.ok, true);
    assert.equal(reply.data.ticket.photos.length, 1);
    assert.match(reply.data.ticket.photos[0], /^cloud:\/\/local-env\./);
  });

  it('the duty steward finds it in the queue, coloured by its deadline, and claims it', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-tickets').click();
    const card = visible(steward, '.ticket-card', ticketNo);
    await card.waitFor();
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(cardText, /报修 · 1-1-101/);
    assert.match(cardText, /已提交/);
    assert.match(cardText, /响应 剩 [^（]+（正常/);
    assert.match((await card.getAttribute('class')) ?? '', /ticket-card--ok/);
    await screenshot(steward, 'tickets-3-steward-queue');

    await card.click();
    await waitForState(steward, '已提交');
    await visible(steward, '#ticket-accept').click();
    await waitForState(steward, '已受理');
  });

  it('the steward takes it on, arrives and resolves it with a note', async () => {
    await visible(steward, '#ticket-assign').click();
    await visible(steward, '.assign-person', '陈静').click();
    await visible(steward, '#ticket-assign-submit').click();
    await waitForState(steward, '已派单');
    assert.match(await visible(steward, '.ticket-detail').innerText(), /处理人：陈静/);

    await visible(steward, '#ticket-arrive').click();
    await waitForState(steward, '已到场');

    await visible(steward, '#ticket-resolve').click();
    // A note is required: the field says so next to it, before anything is sent.
    await visible(steward, '#ticket-resolve-submit').click();
    await visible(steward, '.ticket-panel--resolve .field-error', '请填写处理结果').waitFor();
    await visible(steward, '.ticket-panel--resolve textarea').fill('更换洗手盆下水管密封圈，已试水无渗漏');
    await screenshot(steward, 'tickets-4-steward-resolve');
    await visible(steward, '#ticket-resolve-submit').click();
    await waitForState(steward, '已处理');
    const timeline = (await visible(steward, '.timeline').innerText()).replace(/\s+/g, ' ');
    for (const step of ['已受理', '已派单', '已到场', '已处理']) assert.match(timeline, new RegExp(step));
    assert.match(timeline, /更换洗手盆下水管密封圈/);
    await screenshot(steward, 'tickets-5-steward-resolved');
  });

  it('the owner sees the timeline in Chinese and rates the repair 5 stars', async () => {
    await owner.goto(routeUrl(env.cloud, 'packages/ticket/mine/index'));
    const card = visible(owner, '.ticket-card', ticketNo);
    await card.waitFor();
    assert.match(await card.innerText(), /已处理/);
    await card.click();
    await waitForState(owner, '已处理');
    const timeline = (await visible(owner, '.timeline').innerText()).replace(/\s+/g, ' ');
    assert.match(timeline, /已处理/);
    assert.match(timeline, /管家 陈静/);

    await visible(owner, '#ticket-rate').click();
    await visible(owner, '.ticket-panel--rate .star-5').click();
    await visible(owner, '.ticket-panel--rate textarea').fill('师傅很专业，来得很快');
    await screenshot(owner, 'tickets-6-owner-rate');
    await visible(owner, '#ticket-rate-submit').click();
    await visible(owner, '.ticket-rating', '非常满意').waitFor();
    assert.match(await visible(owner, '.ticket-rating').innerText(), /师傅很专业/);
    await screenshot(owner, 'tickets-7-owner-rated');

    const reply = (await env.cloud.call('tickets', 'get', { id: ticketId }, { openid: 'dev-owner-1' })) as {
      data: { ticket: { rating: { score: number } | null } };
    };
    assert.equal(reply.data.ticket.rating?.score, 5);
  });
});

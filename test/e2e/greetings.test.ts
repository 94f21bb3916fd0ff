// 生日及节日祝福 in the h5 build (SPEC §7): the lead opens the greetings page from the 管家 tab, sees
// last year's 中秋 count, edits the 中秋 text, previews it as the owner of 1-1-101, adds a
// community date; on that date's morning the timer greets the owner, who finds it in 消息, and 我的
// shows how many greeting pushes they can still receive.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { routeUrl, screenshot, startBrowserCloud, type BrowserCloud } from './support/browser';
import { OWNER, LEAD } from '../support/people';

describe('h5 生日及节日祝福', () => {
  let env: BrowserCloud;
  let lead: Page;
  let owner: Page;
  const visible = (page: Page, selector: string, text?: string) => page.locator(`${selector}:visible`, text ? { hasText: text } : {});

  before(async () => {
    env = await startBrowserCloud();
    // 中秋 2025 (6 October), 09:00: last year's greetings, for the counts.
    await env.cloud.setClock('2025-10-06T01:00:00.000Z');
    const run = (await env.cloud.runTimer('greetDaily')) as { ok: boolean; data: { greeted: number } };
    assert.equal(run.ok, true);
    assert.equal(run.data.greeted, 2, 'both seeded owners have moved in and opted in');
    await env.cloud.setClock('2026-11-24T02:00:00.000Z');
    lead = await env.newPage({ as: LEAD });
    owner = await env.newPage({ as: OWNER });
  });

  after(async () => {
    await env?.close();
  });

  it('opens from the 管家 tab with every occasion, its next date and last year’s count', async () => {
    await lead.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(lead, '.staff-entry-greetings').click();
    await lead.waitForURL(/packages\/greetings\/lead\/index/);
    const midAutumn = visible(lead, '.greet-card--midAutumn');
    await midAutumn.waitFor();
    assert.equal(await visible(lead, '.greet-card').count(), 7);
    assert.match(await midAutumn.innerText(), /下次：2027年9月15日 09:00/);
    assert.equal((await midAutumn.locator('.greet-card__last-year').innerText()).trim(), '2');
    assert.equal((await midAutumn.locator('.greet-card__this-year').innerText()).trim(), '0');
    assert.match(await visible(lead, '.greet-card--springFestival').innerText(), /2027年2月6日/);
    await visible(lead, '.page-state', '还没有小区自定义节日').waitFor();
    await screenshot(lead, 'h5-greetings-lead');
  });

  it('refuses an unknown placeholder and saves the edited 中秋 text', async () => {
    await visible(lead, '.greet-card--midAutumn .greet-card__edit').click();
    const dialog = visible(lead, '.nut-dialog');
    await dialog.locator('.nut-dialog-header', { hasText: '编辑「中秋」' }).waitFor();
    await dialog.locator('textarea').fill('{姓名}中秋快乐');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await dialog.locator('.field-error', { hasText: '只能使用' }).waitFor();
    await dialog.locator('textarea').fill('{称呼}，{小区}祝您中秋团圆，月圆人安！');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await visible(lead, '.greet-card--midAutumn .greet-card__text', '{称呼}，{小区}祝您中秋团圆，月圆人安！').waitFor();
    assert.match(await visible(lead, '.greet-card--midAutumn').innerText(), /已修改/);
  });

  it('previews the text as the owner of 1-1-101', async () => {
    await visible(lead, '.greet-card--midAutumn .greet-card__preview').click();
    const dialog = visible(lead, '.greet-preview-dialog');
    await dialog.locator('.greet-preview__body', { hasText: '王先生，悦海和园祝您中秋团圆' }).waitFor();
    await dialog.locator('.greet-preview__unit input').fill('1-1-101');
    await dialog.locator('.greet-preview__go').click();
    await dialog.locator('.greet-preview__body', { hasText: '王建国，悦海和园祝您中秋团圆，月圆人安！' }).waitFor();
    assert.match(await dialog.innerText(), /发给 王建国（1-1-101）/);
    assert.match(await dialog.innerText(), /中秋问候/);
    await screenshot(lead, 'h5-greetings-preview');
    await dialog.locator('.greet-preview__unit input').fill('3-2-1201');
    await dialog.locator('.greet-preview__go').click();
    await dialog.locator('.greet-preview__error', { hasText: '没有已绑定的业主' }).waitFor();
    await dialog.locator('.nut-dialog-footer-ok').click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('adds a community date for tomorrow', async () => {
    await visible(lead, '.greet-add-custom').click();
    const dialog = visible(lead, '.greet-editor');
    await dialog.locator('.greet-form__name input').fill('业主答谢日');
    await dialog.locator('.greet-form__date input').fill('11-25');
    await dialog.locator('.nut-dialog-footer-ok').click();
    const card = lead.locator('.greet-card:visible', { hasText: '业主答谢日' });
    await card.waitFor();
    assert.match(await card.innerText(), /下次：2026年11月25日 09:00 · 每年/);
    assert.match(await card.innerText(), /小区节日/);
    await screenshot(lead, 'h5-greetings-custom');
  });

  it('greets the owner on that morning: 消息 has it, 我的 shows the pushes left', async () => {
    const grant = (await env.cloud.call('account', 'grantSubscriptions', { templates: ['greeting'] }, { openid: OWNER })) as { ok: boolean };
    assert.equal(grant.ok, true);
    await env.cloud.setClock('2026-11-25T01:00:00.000Z');
    const run = (await env.cloud.runTimer('greetDaily')) as { ok: boolean; data: { greeted: number; pushed: number } };
    assert.equal(run.ok, true);
    assert.deepEqual([run.data.greeted, run.data.pushed], [2, 1]);
    const sent = (await env.cloud.outbox()).filter((m) => m.touser === OWNER && m.template_id === 'local-greeting');
    assert.equal(sent.length, 1);

    await owner.goto(routeUrl(env.cloud, 'pages/inbox/index'));
    await visible(owner, '.inbox-item', '业主答谢日问候').waitFor();
    assert.match(await visible(owner, '.inbox-item', '业主答谢日问候').innerText(), /王建国，悦海和园管家团队祝您业主答谢日快乐！/);
    await owner.goto(routeUrl(env.cloud, 'pages/me/index'));
    await visible(owner, '.me-entry-profile', '祝福已开启 · 微信推送可收 0 次').waitFor();
    await screenshot(owner, 'h5-greetings-owner-me');

    await lead.reload();
    const card = lead.locator('.greet-card:visible', { hasText: '业主答谢日' });
    await card.waitFor();
    assert.equal((await card.locator('.greet-card__this-year').innerText()).trim(), '2');
  });

  it('deletes the community date', async () => {
    const card = lead.locator('.greet-card:visible', { hasText: '业主答谢日' });
    await card.locator('.greet-card__remove').click();
    const dialog = visible(lead, '.nut-dialog', '删除「业主答谢日」？');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await visible(lead, '.page-state', '还没有小区自定义节日').waitFor();
  });
});

// The `greetings` function's actions: a lead's texts, previews, counts and the community's own dates.
import { randomBytes } from 'node:crypto';
import type { FixedOccasion, GreetingOccasionView, OccasionKey } from '../../../types/greetings';
import { FixedOccasion as FixedOccasions } from '../../../types/greetings';
import type { BindingDoc, CommunityDoc, PersonDoc } from '../accounts/model';
import { templateData } from '../notify';
import type { ActionTable } from '../router/router';
import type { Caller } from '../router/caller';
import { AppError, conflict, forbidden, invalid, notFound } from '../router/errors';
import type { Database } from '../sdk';
import { shanghaiDate, toShanghaiIso } from '../time';
import { nameFor, templatesOf, textFor } from './data';
import { GREETINGS, GREETING_TEMPLATES, type GreetingTemplateDoc, templateId } from './model';
import { type Holiday, LUNAR_YEARS, customDate, holidayDate, nextOccurrence } from './occasions';
import { FALLBACK_NAME, greetingTitle, renderText } from './texts';

/** The community a lead works on: the one asked for, or their only one. */
function leadCommunity(caller: Caller, asked: string | undefined): string {
  const mine = caller.communitiesAs(['lead']);
  if (asked) {
    if (!mine.includes(asked)) throw forbidden('只有本小区的班长或项目经理可以管理祝福');
    return asked;
  }
  if (mine.length === 0) throw forbidden('只有班长或项目经理可以管理祝福');
  return mine[0];
}

async function communityOf(database: Database, communityId: string): Promise<CommunityDoc> {
  const found = (await database.collection<CommunityDoc>('communities').where({ _id: communityId }).limit(1).get()).data[0];
  if (!found) throw notFound('小区不存在');
  return found;
}

async function countsOf(database: Database, communityId: string, occasion: OccasionKey, year: number): Promise<GreetingOccasionView['counts']> {
  const greetings = database.collection(GREETINGS);
  const [thisYear, lastYear, thisYearPushed] = await Promise.all([
    greetings.where({ communityId, occasion, year }).count(),
    greetings.where({ communityId, occasion, year: year - 1 }).count(),
    greetings.where({ communityId, occasion, year, push: 'sent' }).count(),
  ]);
  return { thisYear: thisYear.total, lastYear: lastYear.total, thisYearPushed: thisYearPushed.total };
}

async function viewOf(database: Database, communityId: string, occasion: OccasionKey, saved: GreetingTemplateDoc | undefined, today: string): Promise<GreetingOccasionView> {
  const year = Number(today.slice(0, 4));
  let nextDate: string | null = null;
  if (occasion !== 'birthday' && !saved?.custom) nextDate = nextOccurrence((y) => holidayDate(occasion as Holiday, y), today);
  if (saved?.custom && saved.monthDay) {
    const monthDay = saved.monthDay;
    nextDate = nextOccurrence((y) => customDate(monthDay, y), today);
  }
  return {
    occasion,
    kind: occasion === 'birthday' ? 'birthday' : saved?.custom ? 'custom' : 'holiday',
    name: nameFor(occasion, saved),
    monthDay: saved?.custom ? saved.monthDay : null,
    nextDate,
    text: textFor(occasion, saved),
    isDefault: !saved,
    updatedAt: saved ? toShanghaiIso(saved.updatedAt) : null,
    counts: await countsOf(database, communityId, occasion, year),
  };
}

async function savedTemplate(database: Database, communityId: string, occasion: OccasionKey): Promise<GreetingTemplateDoc | undefined> {
  return (
    await database
      .collection<GreetingTemplateDoc>(GREETING_TEMPLATES)
      .where({ _id: templateId(communityId, occasion) })
      .limit(1)
      .get()
  ).data[0];
}

const isFixed = (occasion: OccasionKey): occasion is FixedOccasion => (FixedOccasions.options as readonly string[]).includes(occasion);

/** The owner a lead previews as: by openid or by unit, an active owner of this community. */
async function previewPerson(database: Database, communityId: string, person: string | undefined, unit: string | undefined): Promise<{ name: string; unit: string | null } | null> {
  if (!person && !unit) return null;
  const filter: Record<string, unknown> = { communityId, role: 'owner', state: 'active' };
  if (person) filter.openid = person;
  if (unit) filter.unit = unit;
  const binding = (await database.collection<BindingDoc>('bindings').where(filter).limit(1).get()).data[0];
  if (!binding) throw notFound(unit ? `本小区 ${unit} 没有已绑定的业主` : '本小区没有这位业主');
  const profile = (await database.collection<PersonDoc>('people').where({ _id: binding.openid }).limit(1).get()).data[0];
  return { name: profile?.name ?? binding.name ?? FALLBACK_NAME, unit: binding.unit };
}

export const greetingsActionTable: ActionTable<'greetings'> = {
  templates: {
    roles: ['lead'],
    async handler({ input, caller, now, db: database }) {
      const communityId = leadCommunity(caller, input.communityId);
      const community = await communityOf(database, communityId);
      const today = shanghaiDate(now);
      const year = Number(today.slice(0, 4));
      const saved = await templatesOf(database, communityId);
      const fixed = FixedOccasions.options;
      const custom = [...saved.values()].filter((t) => t.custom).sort((a, b) => (a.monthDay ?? '').localeCompare(b.monthDay ?? ''));
      const occasions = await Promise.all([
        ...fixed.map((occasion) => viewOf(database, communityId, occasion, saved.get(occasion), today)),
        ...custom.map((doc) => viewOf(database, communityId, doc.occasion, doc, today)),
      ]);
      const warning = year + 1 > LUNAR_YEARS.to ? `农历数据只覆盖到 ${LUNAR_YEARS.to} 年：之后的春节、元宵、端午、中秋不会自动发送，请升级 chinese-days` : null;
      return { communityId, communityName: community.name, year, occasions, warning };
    },
  },

  saveTemplate: {
    roles: ['lead'],
    async handler({ input, caller, now, db: database }) {
      const communityId = leadCommunity(caller, input.communityId);
      const existing = await savedTemplate(database, communityId, input.occasion);
      if (!isFixed(input.occasion) && !existing) throw notFound('没有这个自定义节日');
      const templates = database.collection<GreetingTemplateDoc>(GREETING_TEMPLATES);
      const id = templateId(communityId, input.occasion);
      // Last write wins for a text: two leads editing at once each see what they saved.
      await templates.doc(id).set({
        data: {
          communityId,
          occasion: input.occasion,
          custom: existing?.custom ?? false,
          name: existing?.name ?? null,
          monthDay: existing?.monthDay ?? null,
          text: input.text,
          updatedAt: now,
          updatedBy: caller.openid,
        },
      });
      const saved = await savedTemplate(database, communityId, input.occasion);
      return { occasion: await viewOf(database, communityId, input.occasion, saved, shanghaiDate(now)) };
    },
  },

  preview: {
    roles: ['lead'],
    async handler({ input, caller, now, db: database }) {
      const communityId = leadCommunity(caller, input.communityId);
      const community = await communityOf(database, communityId);
      const saved = await savedTemplate(database, communityId, input.occasion);
      if (!isFixed(input.occasion) && !saved) throw notFound('没有这个自定义节日');
      const person = await previewPerson(database, communityId, input.person, input.unit);
      const occasionName = nameFor(input.occasion, saved);
      const body = renderText(input.text ?? textFor(input.occasion, saved), { name: person?.name ?? '王先生', community: community.name, occasion: occasionName });
      const values = {
        occasion: input.occasion === 'birthday' ? '生日祝福' : `${occasionName}问候`,
        message: body,
        at: now,
      };
      const data = templateData('greeting', values);
      return {
        title: greetingTitle(occasionName, input.occasion === 'birthday'),
        body,
        person,
        subscription: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value.value])),
      };
    },
  },

  saveCustom: {
    roles: ['lead'],
    // a new date is a create: a repeated tap with the same requestId makes one date, not two
    create: true,
    async handler({ input, caller, now, db: database, requestKey }) {
      const communityId = leadCommunity(caller, input.communityId);
      const templates = database.collection<GreetingTemplateDoc>(GREETING_TEMPLATES);
      const fields = { name: input.name, monthDay: input.monthDay, text: input.text, updatedAt: now, updatedBy: caller.openid };
      let occasion = input.occasion;
      if (occasion) {
        const changed = await templates.where({ _id: templateId(communityId, occasion), custom: true }).update({ data: fields });
        if (changed.stats.updated !== 1) throw notFound('没有这个自定义节日');
      } else {
        // the new date's id comes from the request key: a retry after a write that failed finds it
        const keyed = requestKey === undefined ? null : `custom-${requestKey.slice(0, 8)}`;
        const earlier = keyed === null ? undefined : await savedTemplate(database, communityId, keyed);
        if (keyed !== null && earlier) return { occasion: await viewOf(database, communityId, keyed, earlier, shanghaiDate(now)) };
        const existing = await templates.where({ communityId, custom: true }).limit(100).get();
        if (existing.data.length >= 20) throw invalid('每个小区最多 20 个自定义节日', { name: '自定义节日已达上限' });
        if (existing.data.some((t) => t.name === input.name)) throw new AppError('CONFLICT', `已有名为「${input.name}」的节日`);
        occasion = keyed ?? `custom-${randomBytes(4).toString('hex')}`;
        try {
          await templates.add({ data: { _id: templateId(communityId, occasion), communityId, occasion, custom: true, ...fields } });
        } catch {
          throw conflict('保存失败，请重试');
        }
      }
      const saved = await savedTemplate(database, communityId, occasion);
      return { occasion: await viewOf(database, communityId, occasion, saved, shanghaiDate(now)) };
    },
  },

  removeCustom: {
    roles: ['lead'],
    async handler({ input, caller, db: database }) {
      const communityId = leadCommunity(caller, input.communityId);
      // Greetings already sent stay in the ledger (and in people's inboxes); only the date goes.
      const removed = await database
        .collection(GREETING_TEMPLATES)
        .where({ _id: templateId(communityId, input.occasion), custom: true })
        .remove();
      if (removed.stats.removed !== 1) throw notFound('没有这个自定义节日');
      return { removed: true as const };
    },
  },
};

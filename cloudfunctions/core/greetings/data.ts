// Reading a community's greeting texts and dates, shared by the daily run and the lead's actions.
import type { FixedOccasion, OccasionKey } from '../../../types/greetings';
import type { CommunityDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { GREETING_TEMPLATES, type GreetingTemplateDoc } from './model';
import { DEFAULT_CUSTOM_TEXT, DEFAULT_TEXTS, occasionName } from './texts';

/** A community's saved texts and custom dates, by occasion (a community has a handful). */
export async function templatesOf(database: Database, communityId: string): Promise<Map<OccasionKey, GreetingTemplateDoc>> {
  const found = await database.collection<GreetingTemplateDoc>(GREETING_TEMPLATES).where({ communityId }).limit(100).get();
  return new Map(found.data.map((doc) => [doc.occasion, doc]));
}

/** The text a community uses for an occasion: its own, else the product's default. */
export function textFor(occasion: OccasionKey, saved: GreetingTemplateDoc | undefined): string {
  if (saved) return saved.text;
  return (DEFAULT_TEXTS as Record<string, string>)[occasion] ?? DEFAULT_CUSTOM_TEXT;
}

export function nameFor(occasion: OccasionKey, saved: GreetingTemplateDoc | undefined): string {
  return occasionName(occasion as FixedOccasion, saved?.name ?? null);
}

/** Every community, page by page (a deployment serves many). */
export async function allCommunities(database: Database): Promise<CommunityDoc[]> {
  const _ = database.command;
  const out: CommunityDoc[] = [];
  let after = '';
  for (;;) {
    const page = await database
      .collection<CommunityDoc>('communities')
      .where({ _id: _.gt(after) })
      .orderBy('_id', 'asc')
      .limit(100)
      .get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
    after = page.data[page.data.length - 1]._id;
  }
}

// What the product holds about a person, subject by subject (SPEC §1): each subject registers how
// to count and how to erase its personal data. Erasing keeps the property's records of work done
// but strips the person's details from them.
import type { Database } from './sdk';

export interface PersonalDataSubject {
  /** e.g. 'bindings', 'inbox' */
  name: string;
  count(database: Database, openid: string): Promise<number>;
  /** deletes or anonymises; returns how many records were touched */
  erase(database: Database, openid: string): Promise<number>;
}

const subjects: PersonalDataSubject[] = [];

export function registerPersonalData(subject: PersonalDataSubject): void {
  if (!subjects.some((s) => s.name === subject.name)) subjects.push(subject);
}

export function personalDataSubjects(): readonly PersonalDataSubject[] {
  return subjects;
}

/** Removes every document of `collection` matching `filter`, page by page (removes are capped). */
export async function removeAll(database: Database, collection: string, filter: Record<string, unknown>): Promise<number> {
  const result = await database.collection(collection).where(filter).remove();
  return result.stats.removed;
}

export async function countAll(database: Database, collection: string, filter: Record<string, unknown>): Promise<number> {
  return (await database.collection(collection).where(filter).count()).total;
}

/** A subject whose documents carry the person's openid and can simply be deleted. */
export function deletable(name: string, collection: string, field = 'openid'): PersonalDataSubject {
  return {
    name,
    count: (database, openid) => countAll(database, collection, { [field]: openid }),
    erase: (database, openid) => removeAll(database, collection, { [field]: openid }),
  };
}

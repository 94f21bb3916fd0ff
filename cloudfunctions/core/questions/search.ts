// FAQ search for Chinese questions: Chinese has no spaces to split words on, and owners word the
// same thing many ways (天然气没气了找谁 / 燃气公司电话), so whole-string `includes` finds almost
// nothing. We compare character pairs (bigrams) of the question with each entry's question,
// keywords and answer, weighted by how rare a pair is among the community's entries (a pair every
// entry has says nothing), plus single characters at a low weight, after folding a few true
// synonyms onto one word. Pure and in memory: a community holds at most FAQ_MAX entries, so a
// search costs at most FAQ_MAX × (entry length) steps.

export interface Searchable {
  id: string;
  question: string;
  answer: string;
  keywords: readonly string[];
}

export interface Scored<T> {
  entry: T;
  /** 0–1: the weighted share of the question's pairs the entry holds */
  score: number;
}

/** Below this share an entry is not shown as a match. */
export const MIN_SCORE = 0.18;

/**
 * Names for one thing, folded onto the first. Only true synonyms: a word that merely suggests a
 * topic (搬家 → 放行) belongs in that entry's keywords, where a lead can see and edit it.
 */
const SYNONYMS: string[][] = [
  ['燃气', '天然气', '煤气'],
  ['供暖', '暖气', '采暖', '供热', '热力'],
  ['网络', '宽带', '网线', '上网', 'wifi'],
  ['电视', '有线电视', '机顶盒', '闭路'],
  ['电话', '号码', '热线', '联系方式'],
  ['放行', '放行条', '放行证'],
  ['特约服务', '有偿服务', '付费服务'],
  ['公交', '公交车', '巴士'],
  ['落户', '户口'],
  ['入学', '上学', '报名读书'],
];

// Longest first, so 有线电视 folds before 电视 would match inside it.
const FOLDS: Array<[string, string]> = SYNONYMS.flatMap((group) => group.slice(1).map((word): [string, string] => [word, group[0]])).sort((a, b) => b[0].length - a[0].length);

/** Characters that carry no topic on their own (question words, particles, pronouns). */
const STOP = new Set(Array.from('的了吗呢啊吧呀么嘛我你您他她它们是在有和与及或就都也还要想请问怎什哪谁个一这那里能会可以如何多少为吧到去给把被让着过没该找时候办些'));

const CJK = /[\u3400-\u9fff]/;
const SINGLE = 0.25;
const WEAK_PAIR = 0.3;

export function normalize(text: string): string {
  let value = text.normalize('NFKC').toLowerCase();
  for (const [word, canonical] of FOLDS) value = value.split(word).join(canonical);
  return value;
}

/** gram → weight: pairs and latin/digit words 1, pairs with a stop character 0.3, single topical characters 0.25. */
export function grams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const put = (gram: string, weight: number) => out.set(gram, Math.max(out.get(gram) ?? 0, weight));
  const value = normalize(text);
  // Runs of Chinese characters, and runs of letters/digits; everything else separates.
  const runs = value.match(/[\u3400-\u9fff]+|[a-z0-9]+/g) ?? [];
  for (const run of runs) {
    if (!CJK.test(run[0])) {
      put(run, 1);
      continue;
    }
    const chars = Array.from(run);
    chars.forEach((c, i) => {
      if (!STOP.has(c)) put(c, SINGLE);
      const next = chars[i + 1];
      if (next === undefined) return;
      // a pair with a particle or question word in it mostly spans two words (气了, 该打)
      const stops = Number(STOP.has(c)) + Number(STOP.has(next));
      if (stops === 0) put(c + next, 1);
      else if (stops === 1) put(c + next, WEAK_PAIR);
    });
  }
  return out;
}

interface Indexed<T> {
  entry: T;
  /** gram → field weight (question and keywords 1, answer 0.5) */
  grams: Map<string, number>;
}

function index<T extends Searchable>(entry: T): Indexed<T> {
  const all = new Map<string, number>();
  const add = (text: string, field: number) => {
    for (const [gram] of grams(text)) all.set(gram, Math.max(all.get(gram) ?? 0, field));
  };
  add(entry.answer, 0.5);
  add(entry.question, 1);
  for (const keyword of entry.keywords) add(keyword, 1);
  return { entry, grams: all };
}

/** The entries matching `query`, best first, at most `limit`. */
export function searchFaq<T extends Searchable>(entries: readonly T[], query: string, limit = 5): Array<Scored<T>> {
  const wanted = grams(query);
  if (wanted.size === 0) return [];
  const indexed = entries.map(index);
  const n = indexed.length;
  const df = new Map<string, number>();
  for (const item of indexed) for (const gram of item.grams.keys()) if (wanted.has(gram)) df.set(gram, (df.get(gram) ?? 0) + 1);
  const idf = (gram: string) => 1 + Math.log((n + 1) / ((df.get(gram) ?? 0) + 1));
  let total = 0;
  for (const [gram, weight] of wanted) total += weight * idf(gram);

  const scored: Array<Scored<T>> = [];
  for (const item of indexed) {
    let hit = 0;
    let strong = false;
    for (const [gram, weight] of wanted) {
      const field = item.grams.get(gram);
      if (field === undefined) continue;
      hit += weight * idf(gram) * field;
      // a match on single characters alone is coincidence; a shared pair or word is a topic
      if (weight === 1) strong = true;
    }
    const score = hit / total;
    if (strong && score >= MIN_SCORE) scored.push({ entry: item.entry, score: Math.round(score * 1000) / 1000 });
  }
  return scored.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id)).slice(0, limit);
}

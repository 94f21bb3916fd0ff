// Judging the import sheet's rows (SPEC §11): pure, no database. Each refusal names its row as
// the spreadsheet shows it and says what is wrong in words a property office understands.
import type { ImportRefusal } from '../../../types/admin';

/** One data row as read: the six columns' text. */
export interface SheetRow {
  row: number;
  building: string;
  entrance: string;
  room: string;
  name: string;
  phone: string;
  possession: string;
}

/** A row that passed: its unit label and what it says. */
export interface GoodRow {
  row: number;
  /** 栋-单元-房号 */
  unit: string;
  building: string;
  possession: boolean;
  name: string | null;
  phone: string | null;
}

const UNIT = /^\d{1,3}-\d{1,2}-\d{3,5}$/;
const PHONE = /^1[3-9]\d{9}$/;
const YES = new Set(['是', '已交房', '已交付', 'y', 'yes', '1', '√', 'true']);
const NO = new Set(['', '否', '未交房', '未交付', 'n', 'no', '0', '×', 'x', 'false']);

/** 3栋 → 3, 2单元 → 2, 1201室 → 1201: what people type beside the number. */
const bare = (text: string) => text.replace(/\s+/g, '').replace(/(号楼|栋|幢|单元|室|号)$/, '');

export interface Judged {
  good: GoodRow[];
  refused: ImportRefusal[];
}

/**
 * Every row judged on its own, then duplicates: a room listed twice is refused on its second
 * (and later) rows, naming the first. `needOwner`: the roster import needs a name and a phone.
 */
export function judgeRows(rows: readonly SheetRow[], needOwner: boolean): Judged {
  const good: GoodRow[] = [];
  const refused: ImportRefusal[] = [];
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const unit = `${bare(r.building)}-${bare(r.entrance)}-${bare(r.room)}`;
    const reasons: string[] = [];
    if (!UNIT.test(unit)) reasons.push(`房号「${r.building}-${r.entrance}-${r.room}」不是 栋-单元-房号（例如 3-2-1201）`);
    const phone = r.phone.replace(/[\s-]/g, '');
    if (phone !== '' && !PHONE.test(phone)) reasons.push(`手机号「${r.phone}」不是 11 位手机号`);
    if (r.name.length > 20) reasons.push('业主姓名超过 20 字');
    if (needOwner && (r.name === '' || phone === '')) reasons.push('导入业主名单需要业主姓名和手机号');
    if (!needOwner && phone !== '' && r.name === '') reasons.push('填写了手机号但没有业主姓名');
    const possessionText = r.possession.trim().toLowerCase();
    const possession = YES.has(possessionText) ? true : NO.has(possessionText) ? false : null;
    if (possession === null) reasons.push(`是否已交房应填「是」或「否」，不是「${r.possession}」`);
    if (reasons.length === 0) {
      const first = firstRow.get(unit);
      if (first !== undefined) reasons.push(`房号 ${unit} 与第 ${first} 行重复`);
      else firstRow.set(unit, r.row);
    }
    if (reasons.length > 0) {
      refused.push({ row: r.row, reason: reasons.join('；') });
      continue;
    }
    good.push({ row: r.row, unit, building: unit.split('-')[0], possession: possession === true, name: r.name || null, phone: phone || null });
  }
  return { good, refused };
}

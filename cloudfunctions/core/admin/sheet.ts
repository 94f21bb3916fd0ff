// The import spreadsheet (SPEC §11): reading an .xlsx into rows, and the template. The spreadsheet
// library is loaded here only, on first use (dynamic import): the admin function's other actions
// start without it.
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '../../../types/admin';
import { invalid } from '../router/errors';
import type { SheetRow } from './rows';

import { excel } from '../excel';

const COLUMNS_TEXT = IMPORT_COLUMNS.join(' / ');

/** An .xlsx is a zip: it starts with PK\x03\x04. */
const looksLikeXlsx = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The sheet's data rows (header checked, empty rows skipped), each with its row number as the
 * spreadsheet shows it. A file that is not an .xlsx, has the wrong columns, or too many rows is
 * refused as a whole, before any row is judged.
 */
export async function readSheet(bytes: Buffer): Promise<SheetRow[]> {
  if (bytes.length > IMPORT_MAX_BYTES) throw invalid(`文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`, { fileID: '文件过大' });
  if (!looksLikeXlsx(bytes)) throw invalid('这不是 Excel 表格（.xlsx）文件，请用模板填写后上传', { fileID: '不是 .xlsx 文件' });
  const { Workbook } = await excel();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw invalid('无法读取这个表格文件，请用 Excel 或 WPS 另存为 .xlsx 后重试', { fileID: '无法读取' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid('表格里没有工作表', { fileID: '没有工作表' });
  if (sheet.actualRowCount - 1 > IMPORT_MAX_ROWS) {
    throw invalid(`表格有 ${sheet.actualRowCount - 1} 行数据，一次最多导入 ${IMPORT_MAX_ROWS} 行，请分批导入`, { fileID: '行数过多' });
  }
  const header = IMPORT_COLUMNS.map((_, i) =>
    sheet
      .getRow(1)
      .getCell(i + 1)
      .text.trim(),
  );
  const wrong = IMPORT_COLUMNS.findIndex((name, i) => header[i] !== name);
  if (wrong >= 0) {
    throw invalid(`第 1 行表头应为：${COLUMNS_TEXT}（第 ${wrong + 1} 列是「${header[wrong] || '空'}」）`, { row1: `第 ${wrong + 1} 列应为「${IMPORT_COLUMNS[wrong]}」` });
  }
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = IMPORT_COLUMNS.map((_, i) => row.getCell(i + 1).text.trim());
    if (cells.every((c) => c === '')) return;
    const [building, entrance, room, name, phone, possession] = cells;
    rows.push({ row: number, building, entrance, room, name, phone, possession });
  });
  if (rows.length === 0) throw invalid('表格里没有数据行（第 2 行起填写）', { fileID: '没有数据' });
  return rows;
}

/** The template: the header, two example rows, and a note on each column. */
export async function templateSheet(): Promise<Buffer> {
  const { Workbook } = await excel();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('房屋与业主');
  sheet.addRow([...IMPORT_COLUMNS]);
  sheet.addRow(['1', '1', '101', '王建国', '13800000001', '是']);
  sheet.addRow(['3', '2', '1201', '', '', '否']);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 14;
  });
  // phone numbers and rooms as text, so Excel keeps leading digits as typed
  for (const col of [1, 2, 3, 5]) sheet.getColumn(col).numFmt = '@';
  const notes = workbook.addWorksheet('填写说明');
  notes.addRows([
    ['列', '说明'],
    ['栋', '楼栋号，数字，例如 3'],
    ['单元', '单元号，数字，例如 2'],
    ['房号', '3 至 5 位数字，例如 1201'],
    ['业主姓名', '导入业主名单时必填'],
    ['手机号', '11 位手机号；导入业主名单时必填，业主用这个号码绑定房屋'],
    ['是否已交房', '是 / 否（空为否）；已办理入伙的房屋不会因「否」而改回'],
    ['', `每个房号一行；一次最多 ${IMPORT_MAX_ROWS} 行。`],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

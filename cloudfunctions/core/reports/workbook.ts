// The month as a spreadsheet (SPEC §8: the report exportable as a spreadsheet; the seed: monthly
// records archived). Sheets: 汇总, one per figure group (total, by building, by steward), and
// 工单清单 with every ticket of the month and how it counted. Rates are numbers formatted as
// percentages, so the file can be summed and charted; no owner's name or phone is written.
// exceljs is loaded on the first export only (core/excel.ts).
import type ExcelJS from 'exceljs';
import { excel } from '../excel';
import type { Figure, FigureGroup, MonthlyReport } from '../../../types/reports';
import type { TicketKind, TicketState } from '../../../types/tickets';
import { figureGroupLabels, figureLabels, figureStatusLabels, ticketKindLabels, ticketStateLabels } from '../../../types/labels';
import { toShanghaiIso } from '../time';
import { GROUPS } from './figures';
import { TICKET_FIGURE_KEYS } from './pipeline';
import { stewardLabel } from './report';
import type { TicketRow } from './data';

const PERCENT = '0.0%';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F3F0' } };

function header(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]): void {
  sheet.columns = titles.map((title, i) => ({ header: title, width: widths[i] ?? 12 }));
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

const shown = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function figureRow(figure: Figure): Array<string | number | null> {
  return [
    figureGroupLabels[figure.group],
    figureLabels[figure.key],
    figure.targetPercent / 100,
    figure.status === 'unavailable' ? null : figure.numerator,
    figure.status === 'unavailable' ? null : figure.denominator,
    figure.rate,
    figureStatusLabels[figure.status],
    figure.status === 'unavailable' ? null : figure.pending,
    figure.note ?? '',
  ];
}

export async function monthlyWorkbook(report: MonthlyReport, tickets: TicketRow[], names: ReadonlyMap<string, string>): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  book.creator = '管家';
  book.created = new Date(report.asOf);

  const summary = book.addWorksheet('汇总');
  header(summary, ['分组', '指标', '目标', '分子', '分母', '完成率', '结果', '待定', '说明'], [16, 24, 8, 8, 8, 10, 12, 8, 60]);
  for (const figure of report.figures) summary.addRow(figureRow(figure));
  summary.getColumn(3).numFmt = PERCENT;
  summary.getColumn(6).numFmt = PERCENT;
  summary.addRow([]);
  summary.addRow(['小区', report.communityName]);
  summary.addRow(['月份', report.month]);
  summary.addRow(['统计截至', shown(report.asOf)]);
  summary.addRow(['本月工单', report.tickets.total, '其中取消', report.tickets.cancelled, '驳回', report.tickets.rejected]);
  summary.addRow(['本月咨询', report.questions]);

  for (const group of GROUPS) {
    const sheet = book.addWorksheet(figureGroupLabels[group as FigureGroup]);
    header(sheet, ['指标', '范围', '名称', '分子', '分母', '完成率', '目标', '结果'], [24, 8, 16, 8, 8, 10, 8, 12]);
    for (const figure of report.figures.filter((f) => f.group === group)) {
      const label = figureLabels[figure.key];
      if (figure.status === 'unavailable') {
        sheet.addRow([label, '全小区', report.communityName, null, null, null, figure.targetPercent / 100, `${figureStatusLabels.unavailable}：${figure.note ?? ''}`]);
        continue;
      }
      sheet.addRow([label, '全小区', report.communityName, figure.numerator, figure.denominator, figure.rate, figure.targetPercent / 100, figureStatusLabels[figure.status]]);
      for (const s of figure.byBuilding) sheet.addRow([label, '楼栋', s.label, s.numerator, s.denominator, s.rate, null, null]);
      for (const s of figure.bySteward) sheet.addRow([label, '管家', s.label, s.numerator, s.denominator, s.rate, null, null]);
    }
    sheet.getColumn(6).numFmt = PERCENT;
    sheet.getColumn(7).numFmt = PERCENT;
  }

  const list = book.addWorksheet('工单清单');
  const figureTitles = TICKET_FIGURE_KEYS.map((key) => figureLabels[key]);
  header(list, ['编号', '类型', '房号', '楼栋', '状态', '受理管家', '提交时间', ...figureTitles], [18, 12, 10, 6, 10, 12, 17, ...figureTitles.map(() => 12)]);
  for (const t of tickets) {
    const outcome = TICKET_FIGURE_KEYS.map((key) => {
      if (t[`${key}Pending`] === 1) return '待定';
      if (t[`${key}In`] !== 1) return '';
      return t[`${key}Ok`] === 1 ? '达标' : '未达标';
    });
    list.addRow([
      t.no,
      ticketKindLabels[t.kind as TicketKind] ?? String(t.kind),
      String(t.unit),
      String(t.building),
      ticketStateLabels[t.state as TicketState] ?? String(t.state),
      stewardLabel((t.steward as string | null) ?? null, names),
      shown(toShanghaiIso(t.createdAt)),
      ...outcome,
    ]);
  }
  const bytes = await book.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}

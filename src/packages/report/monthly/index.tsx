// The monthly commitments report (SPEC §2, §8) for stewards, leads and managers: each promised
// figure against its target at a glance (a bar with the target marked), the split by building and
// steward as bars, the tickets behind each miss one tap from their detail page, a month picker,
// and for leads and managers the export that archives the month as a spreadsheet.
import { useEffect, useMemo, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { Figure, FigureGroup, FigureSplit, MissedTicket, MonthlyReport, ReportArchive } from '../../../../types/reports';
import { type DecorationState, decorationStateLabels } from '../../../../types/decoration';
import { figureGroupLabels, figureLabels, figureStatusLabels, questionStateLabels, ticketKindLabels, ticketStateLabels } from '../../../../types/labels';
import type { QuestionState } from '../../../../types/questions';
import type { TicketState } from '../../../../types/tickets';
import { PROBLEM_ESCALATE_AFTER, type PatrolFigures } from '../../../../types/patrol';
import { withinText } from '../../../../types/sla-text';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { shortTime } from '../../../utils/format';
import { goBack } from '../../../utils/nav';
import './index.scss';

const GROUPS: FigureGroup[] = ['complaint', 'repair', 'warranty', 'response', 'information', 'decoration'];
/** missed tickets listed before "show all" */
const FIRST_MISSED = 3;

/** YYYY-MM of the Shanghai month containing `ms`, shifted by `delta` months. */
function monthOf(ms: number, delta = 0): string {
  const at = new Date(ms + 8 * 3600_000);
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
const percent = (rate: number | null) => (rate === null ? '—' : `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`);

/** A horizontal bar: the rate filled, the target marked. Drawn with Views (no chart library). */
function RateBar({ rate, target, tone }: { rate: number | null; target: number; tone: string }) {
  return (
    <View className="rate-bar">
      <View className={`rate-bar__fill rate-bar__fill--${tone}`} style={{ width: `${rate === null ? 0 : Math.min(100, rate * 100)}%` }} />
      <View className="rate-bar__target" style={{ left: `${target}%` }} />
    </View>
  );
}

function toneOf(split: FigureSplit, target: number): string {
  if (split.rate === null) return 'none';
  return split.numerator * 100 >= target * split.denominator ? 'met' : 'not_met';
}

function Splits({ title, splits, target }: { title: string; splits: FigureSplit[]; target: number }) {
  if (splits.length === 0) return null;
  return (
    <View className="splits">
      <View className="splits__title">{title}</View>
      {splits.map((s) => (
        <View key={`${title}-${s.key ?? 'none'}`} className="split">
          <Text className="split__label">{s.label}</Text>
          <View className="split__bar">
            <RateBar rate={s.rate} target={target} tone={toneOf(s, target)} />
          </View>
          <Text className="split__value">
            {percent(s.rate)}{' '}
            <Text className="muted">
              {s.numerator}/{s.denominator}
            </Text>
          </Text>
        </View>
      ))}
    </View>
  );
}

/** What a figure counts: tickets, questions, or decorations (unit-days and units). */
const unitNoun = (group: FigureGroup) => (group === 'information' ? '咨询' : group === 'decoration' ? '装修记录' : '工单');
const countNoun = (group: FigureGroup) => (group === 'information' ? '条' : group === 'decoration' ? '项' : '单');

/** One tap opens it: a ticket's detail page, or a question's thread. */
function missedUrl(item: MissedTicket): string {
  const id = encodeURIComponent(item.id);
  if (item.subject === 'decoration') return `/packages/decoration/detail/index?id=${id}`;
  return item.subject === 'question' ? `/packages/question/thread/index?id=${id}` : `/packages/ticket/detail/index?id=${id}`;
}

function MissedRow({ ticket }: { ticket: MissedTicket }) {
  const isQuestion = ticket.kind === 'question';
  const kind = ticket.kind === 'question' ? '咨询' : ticket.kind === 'decoration' ? '装修' : ticketKindLabels[ticket.kind];
  const state =
    ticket.subject === 'decoration'
      ? decorationStateLabels[ticket.state as DecorationState]
      : ticket.subject === 'question'
        ? questionStateLabels[ticket.state as QuestionState]
        : ticketStateLabels[ticket.state as TicketState];
  return (
    <View className="missed" onClick={() => void Taro.navigateTo({ url: missedUrl(ticket) })}>
      <View className="missed__head">
        <Text>
          {kind} · {ticket.unit}
        </Text>
        <Text className="muted">{state ?? ''} ›</Text>
      </View>
      <View className="muted">
        {ticket.no} · {shortTime(ticket.createdAt)} {isQuestion ? '提问' : '提交'} · {ticket.stewardName ?? (isQuestion ? '未答复' : '未受理')}
      </View>
    </View>
  );
}

function FigureCard({ figure }: { figure: Figure }) {
  const [open, setOpen] = useState(false);
  const [allMissed, setAllMissed] = useState(false);
  const unavailable = figure.status === 'unavailable';
  const missed = allMissed ? figure.missed : figure.missed.slice(0, FIRST_MISSED);
  return (
    <View className={`card figure figure--${figure.status}`} id={`figure-${figure.key}`}>
      <View className="figure__head" onClick={() => setOpen(!open)}>
        <Text className="figure__name">{figureLabels[figure.key]}</Text>
        <Text className={`figure__status figure__status--${figure.status}`}>{figureStatusLabels[figure.status]}</Text>
      </View>
      {unavailable ? (
        <View className="muted">{figure.note}</View>
      ) : figure.denominator === 0 ? (
        <View className="muted figure__empty">
          本月暂无可统计的{unitNoun(figure.group)}
          {figure.pending > 0 ? `，${figure.pending} ${countNoun(figure.group)}时限未到（待定）` : ''} · 目标 ≥{figure.targetPercent}%
        </View>
      ) : (
        <View onClick={() => setOpen(!open)}>
          <View className="figure__numbers">
            <Text className="figure__rate">{percent(figure.rate)}</Text>
            <Text className="muted">
              {' '}
              {figure.numerator}/{figure.denominator} · 目标 ≥{figure.targetPercent}%{figure.pending > 0 ? ` · 待定 ${figure.pending}` : ''}
            </Text>
          </View>
          <RateBar rate={figure.rate} target={figure.targetPercent} tone={figure.status === 'no_data' ? 'none' : figure.status} />
          <View className="figure__more muted">{open ? '收起分项 ▲' : '按楼栋、管家查看 ▼'}</View>
        </View>
      )}
      {open && !unavailable && figure.denominator > 0 ? (
        <View>
          {figure.note ? <View className="muted figure__note">{figure.note}</View> : null}
          <Splits title="按楼栋" splits={figure.byBuilding} target={figure.targetPercent} />
          <Splits title="按受理管家" splits={figure.bySteward} target={figure.targetPercent} />
        </View>
      ) : null}
      {figure.missedCount > 0 ? (
        <View className="figure__missed">
          <View className="figure__missed-title">
            未达标的{unitNoun(figure.group)} {figure.missedCount} {countNoun(figure.group)}
          </View>
          {missed.map((t) => (
            <MissedRow key={t.id} ticket={t} />
          ))}
          {figure.missed.length > FIRST_MISSED ? (
            <View className="figure__toggle" onClick={() => setAllMissed(!allMissed)}>
              {allMissed ? '收起' : `查看全部 ${figure.missed.length} 单`}
              {figure.missedCount > figure.missed.length ? `（另有 ${figure.missedCount - figure.missed.length} 单见导出文件）` : ''}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** Opens an archived spreadsheet: WeChat downloads and previews it; the browser follows the link. */
async function openArchive(archive: ReportArchive): Promise<void> {
  if (!archive.url) {
    void Taro.showToast({ title: '下载链接已失效，请重新导出', icon: 'none' });
    return;
  }
  if (process.env.TARO_ENV === 'weapp') {
    try {
      void Taro.showLoading({ title: '正在下载' });
      const file = await Taro.downloadFile({ url: archive.url });
      Taro.hideLoading();
      await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true });
    } catch {
      Taro.hideLoading();
      void Taro.showToast({ title: '下载失败，请稍后重试', icon: 'none' });
    }
    return;
  }
  window.open(archive.url, '_blank');
}

function Archive({ report, onExported }: { report: MonthlyReport; onExported: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  // one requestId per intent: a retry after a weak network does not archive twice
  const [requestId, setRequestId] = useState(newRequestId);
  const { archive } = report;
  const exportNow = async () => {
    setBusy(true);
    try {
      const result = await call('reports', 'export', { month: report.month, communityId: report.communityId }, { requestId });
      setRequestId(newRequestId());
      void Taro.showToast({ title: '已导出并归档', icon: 'success' });
      await onExported();
      await openArchive(result.archive);
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card archive">
      <View className="figure__head">
        <Text className="figure__name">月度记录存档</Text>
        <Text className={`figure__status figure__status--${archive.status}`}>
          {archive.status === 'met' ? '已按时存档' : archive.status === 'not_met' ? '未按时存档' : '待存档'}
        </Text>
      </View>
      <View className="muted">应于 {shortTime(archive.dueBy)} 前完成（次月 5 日前）</View>
      {archive.archives.map((a) => (
        <View key={a.id} className="archive__file" onClick={() => void openArchive(a)}>
          <Text>{a.fileName}</Text>
          <Text className="muted">
            {shortTime(a.createdAt)} {a.byName ?? ''} · 打开 ›
          </Text>
        </View>
      ))}
      {report.canExport ? (
        <Button className="archive__export" type="primary" size="small" loading={busy} disabled={busy} onClick={() => void exportNow()}>
          导出 Excel 并存档
        </Button>
      ) : (
        <View className="muted">导出存档由班长或项目经理操作</View>
      )}
    </View>
  );
}

function Report({ me }: { me: Me }) {
  const communities = useMemo(() => {
    const seen = new Map<string, string>();
    for (const post of me.staff) if (['steward', 'lead', 'manager'].includes(post.role)) seen.set(post.communityId, post.communityName);
    return [...seen.entries()];
  }, [me]);
  const thisMonth = monthOf(Date.now());
  const [month, setMonth] = useState(thisMonth);
  const [communityId, setCommunityId] = useState(communities[0]?.[0] ?? '');
  const remote = useRemote(() => call('reports', 'monthly', { month, communityId }), [month, communityId]);
  usePullDownRefresh(() => void remote.reload().finally(() => Taro.stopPullDownRefresh()));

  if (communities.length === 0) {
    return <EmptyState title="仅管家、班长和项目经理可查看" description="服务承诺月报供客服团队使用" />;
  }
  const report = remote.data && remote.data.month === month && remote.data.communityId === communityId ? remote.data : null;
  const counted = report?.figures.filter((f) => f.status === 'met' || f.status === 'not_met') ?? [];
  const met = counted.filter((f) => f.status === 'met').length;

  return (
    <View className="page report">
      {communities.length > 1 ? (
        <View className="report-communities">
          {communities.map(([id, name]) => (
            <View key={id} className={`filter ${id === communityId ? 'filter--on' : ''}`} onClick={() => setCommunityId(id)}>
              {name}
            </View>
          ))}
        </View>
      ) : null}
      <View className="month-picker">
        <View className="month-picker__step" onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹ 上月
        </View>
        <Text className="month-picker__title">{monthTitle(month)}</Text>
        <View
          className={`month-picker__step ${month >= thisMonth ? 'month-picker__step--off' : ''}`}
          onClick={() => (month < thisMonth ? setMonth(shiftMonth(month, 1)) : undefined)}
        >
          下月 ›
        </View>
      </View>

      {!report && remote.status === 'error' ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : null}
      {!report && remote.status !== 'error' ? <LoadingState text="正在统计…" /> : null}
      {report ? (
        <View>
          <View className="card report-summary">
            <View className="report-summary__big">{counted.length === 0 ? '本月暂无可统计的指标' : `${met} / ${counted.length} 项达标`}</View>
            <View className="muted">
              {report.communityName} · 本月工单 {report.tickets.total} 单（取消 {report.tickets.cancelled}，驳回 {report.tickets.rejected}）· 咨询 {report.questions} 条
            </View>
            <View className="muted">统计截至 {shortTime(report.asOf)}；时限未到的工单计为“待定”</View>
            <View className="glance">
              {report.figures.map((f) => (
                <View key={f.key} className={`glance__row glance__row--${f.status}`} onClick={() => void Taro.pageScrollTo({ selector: `#figure-${f.key}`, duration: 200 })}>
                  <Text className="glance__name">{figureLabels[f.key]}</Text>
                  <View className="glance__bar">
                    <RateBar rate={f.rate} target={f.targetPercent} tone={f.status === 'no_data' || f.status === 'unavailable' ? 'none' : f.status} />
                  </View>
                  <Text className={`glance__rate glance__rate--${f.status}`}>{f.denominator === 0 ? '—' : percent(f.rate)}</Text>
                </View>
              ))}
            </View>
          </View>
          {report.tickets.total === 0 && report.questions === 0 ? <EmptyState title="这个月还没有工单和咨询" description="有报事报修或咨询后，这里会显示各项承诺指标" /> : null}
          {GROUPS.map((group) => (
            <View key={group}>
              <View className="section-title">{figureGroupLabels[group]}</View>
              {report.figures
                .filter((f) => f.group === group)
                .map((f) => (
                  <FigureCard key={`${month}-${f.key}`} figure={f} />
                ))}
            </View>
          ))}
          <PatrolFiguresCard month={month} />
          <View className="section-title">存档</View>
          <Archive report={report} onExported={() => remote.reload()} />
        </View>
      ) : null}
      <View className="actions">
        <Button fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

/**
 * SPEC §13's figures (core/reports/patrol.ts), read by their own call so the commitments report's
 * reads stay its own; counted figures, the seeds set no target for them.
 */
function PatrolFiguresCard({ month }: { month: string }) {
  const [figures, setFigures] = useState<PatrolFigures | null>(null);
  useEffect(() => {
    let live = true;
    setFigures(null);
    call('patrol', 'figures', { month }).then(
      (r) => live && setFigures(r.figures),
      () => live && setFigures(null),
    );
    return () => {
      live = false;
    };
  }, [month]);
  if (!figures) return null;
  const rows: Array<[string, PatrolFigures['completion']]> = [
    ['巡查完成率', figures.completion],
    ['本月空置房已巡查', figures.vacantChecked],
    [`巡查问题${withinText(PROBLEM_ESCALATE_AFTER)}处理`, figures.problemsClosed],
    ['交接班按时完成', figures.handoversOnTime],
  ];
  return (
    <View>
      <View className="section-title">巡查与交接班</View>
      <View className="card report-patrol">
        {rows.map(([label, r]) => (
          <View key={label} className="glance__row">
            <Text className="glance__name">{label}</Text>
            <Text className="glance__rate">
              {r.n}/{r.of} · {percent(r.rate)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function MonthlyReportPage() {
  return <SessionGate>{(me) => <Report me={me} />}</SessionGate>;
}

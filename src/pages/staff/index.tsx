import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../types/account';
import type { ActionOutput } from '../../../types/contract';
import { roleLabels, stewardKindLabels } from '../../../types/labels';
import TabPage from '../../components/TabPage';
import SessionGate from '../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../components/PageState';
import { useRemote } from '../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../services/cloud';
import { shortTime } from '../../utils/format';
import { levelsOf } from '../../utils/levels';
import { bySection, entryText, staffEntriesFor } from '../../entries';
import { openEntry } from '../../utils/nav';
import { EntryIcon } from '../../components/EntryGrid';
import './index.scss';

type PendingBinding = ActionOutput<'account', 'pendingBindings'>['bindings'][number];

function PendingQueue() {
  const queue = useRemote(() => call('account', 'pendingBindings', {}), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<PendingBinding | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');

  usePullDownRefresh(() => void queue.reload().finally(() => Taro.stopPullDownRefresh()));
  useDidShow(() => {
    if (queue.status === 'ready') void queue.reload();
  });

  const decide = async (binding: PendingBinding, approve: boolean, why?: string) => {
    setBusy(binding.id);
    try {
      await call('account', 'decideBinding', approve ? { id: binding.id, approve } : { id: binding.id, approve, reason: why });
      void Taro.showToast({ title: approve ? '已通过' : '已驳回', icon: 'success' });
      setRejecting(null);
      await queue.reload();
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      // Someone else decided it first: the refreshed queue shows the truth. Any other failure
      // keeps the reason dialog open with what was typed, for another try.
      if (error instanceof CloudError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) setRejecting(null);
      await queue.reload();
    } finally {
      setBusy(null);
    }
  };

  // Approving hands over a home's rights: one tap must not do it (a 名册无此人 application least of all).
  const confirmApprove = async (binding: PendingBinding) => {
    const { confirm } = await Taro.showModal({
      title: `通过 ${binding.unit} 的绑定？`,
      content: `${binding.name ?? '申请人'}将获得${roleLabels[binding.role]}权限，可报修、预约服务和办理放行。${binding.rosterMatch ? '' : '名册中没有此人，请确认已电话核实。'}`,
      confirmText: '确认通过',
      cancelText: '再想想',
    });
    if (confirm) await decide(binding, true);
  };

  if (queue.status === 'loading' && !queue.data) return <LoadingState />;
  if (queue.status === 'error' && !queue.data) return <ErrorState message={queue.error} onRetry={() => void queue.reload()} />;
  const bindings = queue.data?.bindings ?? [];

  return (
    <View>
      <View className="section-title">待审核的房屋绑定（{bindings.length}）</View>
      {bindings.length === 0 ? <EmptyState title="暂无待审核的绑定" /> : null}
      {bindings.map((binding) => (
        <View key={binding.id} className="card staff-binding">
          <View className="staff-binding__head">
            <Text className="staff-binding__unit">{binding.unit}</Text>
            <Tag type={binding.rosterMatch ? 'success' : 'warning'} plain>
              {binding.rosterMatch ? '与业主名册一致' : '名册无此人'}
            </Tag>
          </View>
          <View className="staff-binding__line">
            {binding.communityName} · {roleLabels[binding.role]} · {binding.name ?? '未填姓名'}
          </View>
          <View className="staff-binding__line">
            手机 {binding.phone}（{binding.phoneVerified ? '微信已验证' : '手动填写，未验证'}）· 提交于 {shortTime(binding.createdAt)}
          </View>
          <View className="staff-binding__line staff-binding__roster">
            {binding.roster.length > 0 ? `名册登记：${binding.roster.map((r) => `${r.name} ${r.phone}`).join('、')}` : '名册中本房屋没有登记业主'}
          </View>
          {binding.applicantStaff ? (
            <View className="staff-binding__line staff-binding__staff">申请人是本小区员工（{roleLabels[binding.applicantStaff]}），请核实确为本房业主后再通过</View>
          ) : null}
          <View className="staff-binding__actions">
            <Button
              size="small"
              fill="outline"
              type="danger"
              disabled={busy !== null}
              onClick={() => {
                setReason('');
                setReasonError('');
                setRejecting(binding);
              }}
            >
              驳回
            </Button>
            <Button
              className="staff-binding__approve"
              size="small"
              type="primary"
              loading={busy === binding.id}
              disabled={busy !== null}
              onClick={() => void confirmApprove(binding)}
            >
              通过
            </Button>
          </View>
        </View>
      ))}
      <Dialog
        visible={rejecting !== null}
        title={`驳回 ${rejecting?.unit ?? ''} 的绑定`}
        confirmText="驳回"
        cancelText="取消"
        // No onClose: NutUI calls it after every confirm, which would shut the dialog on a missing
        // reason; decide() closes it once the rejection is saved.
        onCancel={() => setRejecting(null)}
        onConfirm={async () => {
          const text = reason.trim();
          if (!text) {
            setReasonError('驳回时请填写原因');
            return;
          }
          if (rejecting) await decide(rejecting, false, text);
        }}
      >
        <TextArea
          value={reason}
          onChange={(text) => {
            setReason(text);
            setReasonError('');
          }}
          placeholder="请填写原因，业主会看到"
          maxLength={100}
          showCount
        />
        {reasonError ? <View className="field-error">{reasonError}</View> : null}
      </Dialog>
    </View>
  );
}

/**
 * How many items wait in each queue the person works, read from the queues themselves (first page:
 * "20+" beyond it). Keyed by the registry's entry keys; an entry without a reader shows no count.
 */
async function loadCounts(me: Me): Promise<Record<string, number>> {
  const desk = holds(me, ['steward', 'lead', 'manager']);
  const works = holds(me, ['steward', 'lead', 'manager', 'engineer']);
  const [tickets, orders, passes, questions, notices, followups] = await Promise.all([
    works ? call('tickets', 'list', { limit: 50 }).then((r) => r.tickets.length) : Promise.resolve(0),
    works ? call('orders', 'list', { limit: 50 }).then((r) => r.orders.length) : Promise.resolve(0),
    desk ? call('passes', 'list', { view: 'queue', limit: 50 }).then((r) => r.passes.length) : Promise.resolve(0),
    desk ? call('questions', 'list', { view: 'open', limit: 50 }).then((r) => r.questions.length) : Promise.resolve(0),
    desk ? call('notices', 'list', { view: 'work', limit: 50 }).then((r) => r.notices.length) : Promise.resolve(0),
    desk ? call('surveys', 'followups', {}).then((r) => r.followups.length) : Promise.resolve(0),
  ]);
  return { tickets, orders, passes, questions, notices, followups };
}

/** The person's work as an icon grid with a count on each queue, most urgent queue first in each section. */
function QueueCounts({ me, levels }: { me: Me; levels: ReturnType<typeof levelsOf> }) {
  const counts = useRemote(() => loadCounts(me), [me]);
  useDidShow(() => {
    if (counts.status === 'ready') void counts.reload();
  });
  const known = counts.data ?? {};
  return (
    <View>
      {bySection(staffEntriesFor(me.staff.map((post) => post.role))).map(({ section, entries }) => (
        <View key={section} className="staff-section">
          <View className="section-title">{section}</View>
          <View className="staff-entries">
            {entries.map((entry) => (
              <View key={entry.key} className={`staff-entry staff-entry-${entry.key}`} onClick={() => openEntry(entry.url)}>
                <EntryIcon icon={entry.icon} />
                <View className="staff-entry__body">
                  <View className="staff-entry__title">{entry.title}</View>
                  <View className="staff-entry__text">{entryText(entry.description, levels)}</View>
                </View>
                {entry.key in known ? (
                  <Text className={`staff-entry__count ${(known[entry.key] ?? 0) > 0 ? 'staff-entry__count--some' : ''}`}>
                    {(known[entry.key] ?? 0) >= 50 ? '50+' : known[entry.key]}
                  </Text>
                ) : (
                  <Text className="staff-entry__arrow">›</Text>
                )}
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}

/** Whether any of the caller's posts is one of `roles` (a guard's post, say, works no tickets). */
function holds(me: Me, roles: readonly Me['staff'][number]['role'][]): boolean {
  return me.staff.some((post) => roles.includes(post.role));
}

function StaffView({ me }: { me: Me }) {
  if (!me.isStaff) return <EmptyState title="仅工作人员可见" description="此页面供物业工作人员使用" />;
  // What each entry's actions accept (the functions refuse the rest): show a post only what it can work.
  const worksDesk = holds(me, ['steward', 'lead', 'manager']);
  const levels = levelsOf(me, me.staff[0]?.communityId);
  return (
    <View>
      <CellGroup title="我的岗位">
        {me.staff.map((post) => (
          <Cell
            key={`${post.communityId}-${post.role}`}
            className="staff-post"
            title={`${post.communityName} · ${post.kind ? stewardKindLabels[post.kind] : roleLabels[post.role]}`}
            description={post.buildings.length > 0 ? `负责楼栋：${post.buildings.join('、')}` : `${post.name}`}
          />
        ))}
      </CellGroup>
      <QueueCounts me={me} levels={levels} />
      {worksDesk ? <PendingQueue /> : null}
    </View>
  );
}

export default function StaffPage() {
  return (
    <TabPage path="pages/staff/index">
      <SessionGate>{(me) => <StaffView me={me} />}</SessionGate>
    </TabPage>
  );
}

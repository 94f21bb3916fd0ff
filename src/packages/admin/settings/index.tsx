// 社区设置 (SPEC §11): the manager's community, the spreadsheet import (dry run shown before the real
// run), staff invitations with their QR code, and the staff list with its posts. A lead sees the
// invitations and the staff below their rank. Someone with no post yet enters the operator's
// bootstrap code here to become the first manager.
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import type { Community, ImportResult, Invitation, InviteState } from '../../../../types/admin';
import type { StaffRole, StewardKind } from '../../../../types/enums';
import { roleLabels, stewardKindLabels } from '../../../../types/labels';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { refreshSession } from '../../../services/session';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import QrCode from '../../pass/shared/QrCode';
import { chooseSheet, saveTemplate } from '../shared/files';
import '../shared/admin.scss';

type Tab = 'community' | 'import' | 'invite' | 'staff';
const TAB_TITLES: Record<Tab, string> = { community: '小区', import: '导入', invite: '邀请', staff: '人员' };
const inviteStateLabels: Record<InviteState, string> = { open: '待接受', accepted: '已接受', revoked: '已撤销', expired: '已过期' };

function Chips<T extends string>({
  options,
  value,
  onChange,
  label,
  idPrefix,
}: {
  options: T[];
  value: T | T[];
  onChange: (v: T) => void;
  label: (v: T) => string;
  idPrefix: string;
}) {
  const on = (v: T) => (Array.isArray(value) ? value.includes(v) : value === v);
  return (
    <View className="admin-chips">
      {options.map((v) => (
        <View key={v} id={`${idPrefix}-${v}`} className={`admin-chip ${on(v) ? 'admin-chip--on' : ''}`} onClick={() => onChange(v)}>
          {label(v)}
        </View>
      ))}
    </View>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="admin-field">
      <View className="admin-label">{label}</View>
      {children}
    </View>
  );
}

// ----- the first manager -------------------------------------------------------------------

function Bootstrap() {
  const [form, setForm] = useState({ code: '', communityId: '', communityName: '', supervisionPhone: '', name: '', phone: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await call('admin', 'bootstrap', form, { requestId: newRequestId() });
      await refreshSession();
      void Taro.showToast({ title: '已成为项目经理', icon: 'success' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="page admin-bootstrap">
      <View className="card">
        <View className="admin-title">初始化小区</View>
        <View className="muted">部署后第一位项目经理用初始化码开通（码在云函数 admin 的环境变量 ADMIN_BOOTSTRAP_CODE 中，只能用一次）。其他同事请使用项目经理发出的邀请码。</View>
        <Field label="初始化码">
          <Input className="admin-input" value={form.code} onChange={set('code')} placeholder="部署时设置的初始化码" />
        </Field>
        <Field label="小区编号（小写字母或数字）">
          <Input className="admin-input" value={form.communityId} onChange={set('communityId')} placeholder="例如 yuehai" />
        </Field>
        <Field label="小区名称">
          <Input className="admin-input" value={form.communityName} onChange={set('communityName')} />
        </Field>
        <Field label="监督电话">
          <Input className="admin-input" value={form.supervisionPhone} onChange={set('supervisionPhone')} />
        </Field>
        <Field label="您的姓名">
          <Input className="admin-input" value={form.name} onChange={set('name')} />
        </Field>
        <Field label="您的手机号">
          <Input className="admin-input" type="tel" value={form.phone} onChange={set('phone')} />
        </Field>
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          开通
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

// ----- 小区 ------------------------------------------------------------------------------------

function CommunityTab({ community, onSaved }: { community: Community; onSaved: () => void }) {
  const [name, setName] = useState(community.name);
  const [phone, setPhone] = useState(community.supervisionPhone);
  const [buildings, setBuildings] = useState(community.buildings.join('，'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const save = async () => {
    setBusy(true);
    setError('');
    try {
      const list = buildings
        .split(/[,，、\s]+/)
        .map((b) => b.trim())
        .filter(Boolean);
      await call('admin', 'saveCommunity', { id: community.id, name, supervisionPhone: phone, buildings: list });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View>
      <View className="card">
        <Field label="小区名称">
          <Input className="admin-input" value={name} onChange={setName} />
        </Field>
        <Field label="监督电话（与价格、承诺一并公示）">
          <Input className="admin-input" value={phone} onChange={setPhone} />
        </Field>
        <Field label="楼栋（用逗号分隔）">
          <Input className="admin-input" value={buildings} onChange={setBuildings} />
        </Field>
        <View className="muted">
          小区编号 {community.id} · 已登记 {community.units} 套房屋
        </View>
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="admin-save-community" type="primary" block loading={busy} disabled={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}

// ----- 导入 ------------------------------------------------------------------------------------

type ImportKind = 'importUnits' | 'importRoster';
const importKindLabels: Record<ImportKind, string> = { importUnits: '房屋', importRoster: '业主名单' };

function ImportTab({ community, onImported }: { community: Community; onImported: () => void }) {
  const [kind, setKind] = useState<ImportKind>('importUnits');
  const [file, setFile] = useState<{ fileID: string; name: string } | null>(null);
  const [dry, setDry] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [requestId, setRequestId] = useState(newRequestId());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const reset = () => {
    setDry(null);
    setDone(null);
    setRequestId(newRequestId());
    setError('');
  };
  const pick = async () => {
    setError('');
    try {
      const chosen = await chooseSheet();
      if (!chosen) return;
      setFile(chosen);
      reset();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      const result = await call('admin', kind, { communityId: community.id, fileID: file.fileID, dryRun }, dryRun ? {} : { requestId });
      if (dryRun) setDry(result);
      else {
        setDone(result);
        onImported();
      }
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const template = async () => {
    try {
      await saveTemplate();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const shown = done ?? dry;
  return (
    <View className="admin-import">
      <View className="card">
        <View className="muted">
          先导入房屋，再导入业主名单。表格列依次为：栋 / 单元 / 房号 / 业主姓名 / 手机号 / 是否已交房。先预检，确认无误后再正式导入；有不能导入的行时不会写入任何数据。
        </View>
        <Field label="导入内容">
          <Chips
            idPrefix="admin-import-kind"
            options={['importUnits', 'importRoster'] as ImportKind[]}
            value={kind}
            label={(k) => importKindLabels[k]}
            onChange={(k) => {
              setKind(k);
              reset();
            }}
          />
        </Field>
        <Field label="表格文件">
          <View className="admin-row">
            <Text className="admin-row__main">{file ? file.name : '尚未选择'}</Text>
            <Button id="admin-import-pick" size="small" fill="outline" onClick={() => void pick()}>
              选择 .xlsx
            </Button>
          </View>
        </Field>
        <Button id="admin-import-template" size="small" fill="none" onClick={() => void template()}>
          下载导入模板
        </Button>
      </View>
      {shown ? (
        <View className="card admin-import-result" id={done ? 'admin-import-result-done' : 'admin-import-result-dry'}>
          <View className="admin-title">{done ? '导入完成' : '预检结果（尚未写入）'}</View>
          <View className="admin-figures">
            <View>
              <View className="admin-figure__value">{shown.add}</View>
              <View className="muted">新增</View>
            </View>
            <View>
              <View className="admin-figure__value">{shown.change}</View>
              <View className="muted">变更</View>
            </View>
            <View>
              <View className="admin-figure__value">{shown.unchanged}</View>
              <View className="muted">不变</View>
            </View>
            <View className={shown.refused.length > 0 ? 'admin-figure--bad' : ''}>
              <View className="admin-figure__value">{shown.refused.length}</View>
              <View className="muted">不能导入</View>
            </View>
          </View>
          {shown.refused.length > 0 ? (
            <View className="admin-table">
              {shown.refused.slice(0, 100).map((r) => (
                <View key={r.row} className="admin-table__row admin-refused">
                  <Text>第 {r.row} 行</Text>
                  <Text>{r.reason}</Text>
                </View>
              ))}
            </View>
          ) : null}
          {done ? <View className="muted">共写入 {done.written} 条记录。</View> : null}
        </View>
      ) : null}
      {error ? <View className="field-error admin-import-error">{error}</View> : null}
      <View className="actions">
        <Button id="admin-import-dry" type={dry ? 'default' : 'primary'} block loading={busy && !dry} disabled={!file || busy} onClick={() => void run(true)}>
          预检
        </Button>
        {dry && !done ? (
          <Button id="admin-import-run" type="primary" block loading={busy} disabled={busy || dry.refused.length > 0} onClick={() => void run(false)}>
            {dry.refused.length > 0 ? '请先修正表格中不能导入的行' : `确认导入 ${dry.add + dry.change} 条`}
          </Button>
        ) : null}
      </View>
    </View>
  );
}

// ----- 邀请 ------------------------------------------------------------------------------------

function InviteCard({ invitation }: { invitation: Invitation }) {
  return (
    <View className="card admin-invitation" id="admin-invitation">
      <View className="admin-title">
        {invitation.postName}（{roleLabels[invitation.role]}）
      </View>
      <View className="muted">请新同事用本人微信打开小程序，在「我的 → 接受工作邀请」扫描二维码或输入邀请码。{fullTime(invitation.expiresAt)} 前有效，只能使用一次。</View>
      {invitation.code ? (
        <View>
          <View className="admin-qr">
            <QrCode text={invitation.code} size={360} />
          </View>
          <View className="admin-code" id="admin-invite-code">
            {invitation.code}
          </View>
        </View>
      ) : null}
    </View>
  );
}

function InviteTab({ community, granter }: { community: Community; granter: StaffRole }) {
  const roles: StaffRole[] = granter === 'manager' ? ['steward', 'engineer', 'guard', 'lead', 'manager'] : ['steward', 'engineer', 'guard'];
  const [role, setRole] = useState<StaffRole>('steward');
  const [kind, setKind] = useState<StewardKind>('duty');
  const [buildings, setBuildings] = useState<string[]>([]);
  const [postName, setPostName] = useState('');
  const [made, setMade] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const list = useRemote(() => call('admin', 'invitations', { communityId: community.id }), [community.id]);

  const invite = async () => {
    setBusy(true);
    setError('');
    try {
      const input = {
        communityId: community.id,
        role,
        kind: role === 'steward' ? kind : null,
        buildings: role === 'steward' && kind === 'area' ? buildings : [],
        postName: postName.trim() || (role === 'steward' ? stewardKindLabels[kind] : roleLabels[role]),
      };
      const { invitation } = await call('admin', 'invite', input, { requestId: newRequestId() });
      setMade(invitation);
      void list.reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await call('admin', 'revokeInvite', { id });
      void list.reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <View>
      <View className="card">
        <Field label="职务">
          <Chips idPrefix="admin-invite-role" options={roles} value={role} label={(r) => roleLabels[r]} onChange={setRole} />
        </Field>
        {role === 'steward' ? (
          <Field label="管家类型">
            <Chips idPrefix="admin-invite-kind" options={['duty', 'area'] as StewardKind[]} value={kind} label={(k) => stewardKindLabels[k]} onChange={setKind} />
          </Field>
        ) : null}
        {role === 'steward' && kind === 'area' ? (
          <Field label="负责楼栋">
            <Chips
              idPrefix="admin-invite-building"
              options={community.buildings}
              value={buildings}
              label={(b) => `${b} 栋`}
              onChange={(b) => setBuildings(buildings.includes(b) ? buildings.filter((x) => x !== b) : [...buildings, b])}
            />
          </Field>
        ) : null}
        <Field label="岗位名称">
          <Input className="admin-input admin-invite-post" value={postName} onChange={setPostName} placeholder="例如 3 号楼区域管家" maxLength={20} />
        </Field>
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="admin-invite-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void invite()}>
          生成邀请码
        </Button>
      </View>
      {made ? <InviteCard invitation={made} /> : null}
      <View className="section-title">邀请记录</View>
      <View className="card">
        {list.status === 'loading' && !list.data ? <LoadingState /> : null}
        {list.status === 'error' ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
        {list.data && list.data.invitations.length === 0 ? <View className="muted">还没有发出邀请</View> : null}
        {list.data?.invitations.map((inv) => (
          <View key={inv.id} className="admin-row">
            <View className="admin-row__main">
              <View>
                {inv.postName}（{roleLabels[inv.role]}）
              </View>
              <View className="muted">
                {inv.invitedByName} 邀请 · {inv.acceptedByName ? `${inv.acceptedByName} 已接受` : `${fullTime(inv.expiresAt)} 前有效`}
              </View>
            </View>
            <Text className={`admin-state ${inv.state === 'open' ? '' : 'admin-state--off'}`}>{inviteStateLabels[inv.state]}</Text>
            {inv.state === 'open' ? (
              <Button size="small" fill="none" onClick={() => void revoke(inv.id)}>
                撤销
              </Button>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}

// ----- 人员 ------------------------------------------------------------------------------------

function StaffTab({ community, granter }: { community: Community; granter: StaffRole }) {
  const list = useRemote(() => call('admin', 'staff', { communityId: community.id }), [community.id]);
  const [error, setError] = useState('');
  const manages = (role: StaffRole) => granter === 'manager' || ['steward', 'engineer', 'guard'].includes(role);
  const deactivate = async (id: string, rev: number, name: string) => {
    const { confirm } = await Taro.showModal({ title: `停用 ${name} 的岗位？`, content: '立即生效：其手中的工单转交班长，认领的咨询回到待答复队列。' });
    if (!confirm) return;
    try {
      const { released } = await call('admin', 'deactivate', { id, rev });
      void Taro.showToast({ title: `已停用，转交 ${released.tickets} 张工单`, icon: 'none' });
      void list.reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  if (list.status === 'loading' && !list.data) return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error} onRetry={() => void list.reload()} />;
  const staff = list.data?.staff ?? [];
  return (
    <View className="card admin-staff">
      {error ? <View className="field-error">{error}</View> : null}
      {staff.map((p) => (
        <View key={p.id} className="admin-row admin-staff-row">
          <View className="admin-row__main">
            <View>
              {p.name} · {p.postName}
            </View>
            <View className="muted">
              {roleLabels[p.role]}
              {p.buildings.length > 0 ? ` · ${p.buildings.join('、')} 栋` : ''} · {p.phone}
            </View>
          </View>
          {!p.mine && manages(p.role) ? (
            <Button size="small" fill="none" type="danger" onClick={() => void deactivate(p.id, p.rev, p.name)}>
              停用
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  );
}

// ----- the page --------------------------------------------------------------------------------

function Settings({ me }: { me: Me }) {
  const router = useRouter();
  const post = me.staff.find((p) => p.role === 'manager') ?? me.staff.find((p) => p.role === 'lead');
  const isManager = post?.role === 'manager';
  const tabs: Tab[] = isManager ? ['community', 'import', 'invite', 'staff'] : ['invite', 'staff'];
  const asked = router.params.tab as Tab | undefined;
  const [tab, setTab] = useState<Tab>(asked && tabs.includes(asked) ? asked : tabs[0]);
  const communities = useRemote(async () => (isManager ? (await call('admin', 'communities', {})).communities : []), [isManager]);

  if (!post) return <Bootstrap />;
  // A lead has no community read of its own: what the lead's pages need is the id and buildings.
  const community: Community | undefined = isManager
    ? communities.data?.find((c) => c.id === post.communityId)
    : { id: post.communityId, name: post.communityName, supervisionPhone: '', buildings: [...new Set(me.staff.flatMap((p) => p.buildings))], units: 0 };
  if (isManager && communities.status === 'error') return <ErrorState message={communities.error} onRetry={() => void communities.reload()} />;
  if (!community) return <LoadingState />;
  return (
    <View className="page admin-settings">
      <View className="admin-tabs">
        {tabs.map((t) => (
          <View key={t} id={`admin-tab-${t}`} className={`admin-tab ${t === tab ? 'admin-tab--on' : ''}`} onClick={() => setTab(t)}>
            {TAB_TITLES[t]}
          </View>
        ))}
      </View>
      {tab === 'community' ? <CommunityTab community={community} onSaved={() => void communities.reload()} /> : null}
      {tab === 'import' ? <ImportTab community={community} onImported={() => void communities.reload()} /> : null}
      {tab === 'invite' ? <InviteTab community={community} granter={post.role} /> : null}
      {tab === 'staff' ? <StaffTab community={community} granter={post.role} /> : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function AdminSettingsPage() {
  return <SessionGate>{(me) => (me.staff.length === 0 || me.staff.some((p) => p.role === 'manager' || p.role === 'lead') ? <Settings me={me} /> : <NotForYou />)}</SessionGate>;
}

function NotForYou() {
  return <EmptyState title="仅项目经理和班长可用" description="社区设置由项目经理维护，班长可邀请管家、工程和门岗人员" />;
}

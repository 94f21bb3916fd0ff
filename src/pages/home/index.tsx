// 首页 as the property apps do it: the community and unit, the services as an icon grid (from the
// entry registry, so new subjects appear by themselves), what is waiting for me, a one-line promise
// leading to the commitments page, and the supervision phone. Staff see their work first.
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import type { Me } from '../../../types/account';
import { bindingStateLabels, roleLabels, stewardKindLabels } from '../../../types/labels';
import { OWNER_ENTRIES, staffEntriesFor } from '../../entries';
import TabPage from '../../components/TabPage';
import SessionGate from '../../components/SessionGate';
import EntryGrid from '../../components/EntryGrid';
import CallButton from '../../components/CallButton';
import HomeNotices from './HomeNotices';
import { call } from '../../services/cloud';
import { useRemote } from '../../hooks/useRemote';
import { primaryUnit } from '../../utils/format';
import { levelsOf, within } from '../../utils/levels';
import './index.scss';

interface Waiting {
  key: string;
  label: string;
  count: number;
  url: string;
}

/** What the owner must do next: pay, rate, agree to a tenant's pass. Each list is read once, small. */
async function loadWaiting(): Promise<Waiting[]> {
  const [tickets, orders, passes] = await Promise.all([
    call('tickets', 'list', { mine: true, state: ['resolved', 'revisited'], limit: 20 }),
    call('orders', 'list', { mine: true, state: ['awaiting_payment', 'paid'], limit: 20 }),
    call('passes', 'list', { view: 'mine', limit: 20 }),
  ]);
  return [
    { key: 'pay', label: '待支付', count: orders.orders.filter((o) => o.allowed.includes('pay')).length, url: '/packages/order/mine/index' },
    {
      key: 'rate',
      label: '待评价',
      count: tickets.tickets.filter((t) => t.allowed.includes('rate')).length + orders.orders.filter((o) => o.allowed.includes('rate')).length,
      url: '/packages/ticket/mine/index',
    },
    { key: 'confirm', label: '待确认放行', count: passes.passes.filter((p) => p.allowed.includes('ownerConfirm')).length, url: '/packages/pass/mine/index' },
  ];
}

function WaitingForMe() {
  const waiting = useRemote(loadWaiting, []);
  const items = waiting.data ?? [];
  const any = items.some((item) => item.count > 0);
  return (
    <View className="home-card home-waiting">
      <View className="home-card__title">待我处理</View>
      {waiting.status === 'error' && !waiting.data ? (
        <View className="home-waiting__empty" onClick={() => void waiting.reload()}>
          暂时无法加载，点此重试
        </View>
      ) : !waiting.data ? (
        <View className="home-waiting__empty">加载中…</View>
      ) : any ? (
        <View className="home-waiting__row">
          {items.map((item) => (
            <View key={item.key} className={`home-waiting__item home-waiting--${item.key}`} onClick={() => void Taro.navigateTo({ url: item.url })}>
              <Text className={`home-waiting__count ${item.count > 0 ? 'home-waiting__count--some' : ''}`}>{item.count}</Text>
              <Text className="home-waiting__label">{item.label}</Text>
            </View>
          ))}
        </View>
      ) : (
        <View className="home-waiting__empty">暂无需要您处理的事项</View>
      )}
    </View>
  );
}

/** My steward: who looks after my building, their post and a button that rings them. */
function StewardCard({ unit }: { unit: string }) {
  const stewards = useRemote(() => call('account', 'myStewards', {}), []);
  const steward = stewards.data?.stewards.find((s) => s.unit === unit) ?? stewards.data?.stewards[0] ?? null;
  if (stewards.status === 'error' && !stewards.data) {
    return (
      <View className="home-card home-steward" onClick={() => void stewards.reload()}>
        <View className="home-card__title">我的管家</View>
        <View className="home-waiting__empty">暂时无法加载，点此重试</View>
      </View>
    );
  }
  if (!stewards.data) return null;
  if (!steward) return null;
  return (
    <View className="home-card home-steward">
      <View className="home-steward__avatar">{steward.name.slice(0, 1)}</View>
      <View className="home-steward__who">
        <View className="home-steward__name">{steward.name}</View>
        <View className="home-steward__post">{steward.postName ?? stewardKindLabels[steward.kind]} · 您的专属管家</View>
      </View>
      <CallButton phone={steward.phone} label="联系管家" className="home-steward__call" />
    </View>
  );
}

function OwnerHome({ me }: { me: Me }) {
  const unit = primaryUnit(me.units);
  const active = unit?.state === 'active';
  const levels = levelsOf(me, unit?.communityId);
  // account.me carries the communities: the first screen is that one call (issue 20)
  const community = me.communities.find((c) => c.id === unit?.communityId) ?? me.communities[0] ?? null;
  const phone = community?.supervisionPhone ?? '';
  const grid = OWNER_ENTRIES.filter((entry) => entry.group === 'service' || entry.group === 'record');

  return (
    <View>
      {active && unit ? <StewardCard unit={unit.unit} /> : null}
      {active ? <EntryGrid entries={grid} cellClass={(key) => `home-entry-${key}`} /> : null}
      {active ? <WaitingForMe /> : null}
      {active ? <HomeNotices /> : null}

      <View className="home-card home-commitments-entry" onClick={() => void Taro.navigateTo({ url: '/packages/account/commitments/index' })}>
        <View className="home-card__title">
          服务承诺
          <Text className="home-card__more">查看全部 ›</Text>
        </View>
        <View className="home-promise">
          所有诉求{within(levels.tickets.respond.span)}响应 · 维修{within(levels.tickets.arrive.repair.span)}到场 · 咨询{within(levels.questions.firstAnswer)}答复
        </View>
      </View>

      <View className="section-title">监督电话</View>
      <Cell
        className="home-supervision"
        title={phone || '暂未公布'}
        description="对服务不满意，可拨打物业监督电话"
        extra={phone ? <CallButton phone={phone} className="home-call" /> : undefined}
      />
    </View>
  );
}

/** Staff land on their work: their posts, and their entries as a grid (the 管家 tab has the rest). */
function StaffHome({ me }: { me: Me }) {
  const entries = staffEntriesFor(me.staff.map((post) => post.role));
  return (
    <View>
      <View className="section-title">我的工作</View>
      <EntryGrid entries={entries} cellClass={(key) => `home-staff-entry-${key}`} />
      <View className="home-card home-staff-more" onClick={() => void Taro.switchTab({ url: '/pages/staff/index' })}>
        <View className="home-card__title">
          管家工作台
          <Text className="home-card__more">待办数量与审核 ›</Text>
        </View>
      </View>
    </View>
  );
}

function HomeView({ me }: { me: Me }) {
  const unit = primaryUnit(me.units);
  const post = me.staff[0];
  return (
    <View>
      <View className="home-hero">
        <View className="home-hero__community">{unit?.communityName ?? post?.communityName ?? '管家服务'}</View>
        {unit ? (
          <View className="home-hero__unit">
            {unit.unit}
            <Text className="home-hero__state">{bindingStateLabels[unit.state]}</Text>
          </View>
        ) : post ? (
          <View className="home-hero__unit home-hero__post">
            {post.name}
            <Text className="home-hero__state">{post.kind ? stewardKindLabels[post.kind] : roleLabels[post.role]}</Text>
          </View>
        ) : (
          <View className="home-hero__bind">
            <Text className="home-hero__bind-text">绑定房屋后即可报修、预约服务和办理放行</Text>
            <Button size="small" className="home-hero__bind-button" onClick={() => void Taro.navigateTo({ url: '/packages/account/bind/index' })}>
              去绑定
            </Button>
          </View>
        )}
      </View>
      {me.isStaff ? <StaffHome me={me} /> : null}
      {unit || !me.isStaff ? <OwnerHome me={me} /> : null}
    </View>
  );
}

export default function HomePage() {
  return (
    <TabPage path="pages/home/index">
      <SessionGate>{(me) => <HomeView me={me} />}</SessionGate>
    </TabPage>
  );
}

import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import type { Me } from '../../../types/account';
import { bindingStateLabels } from '../../../types/labels';
import { type ServiceLevels, spanText } from '../../../types/sla';
import TabPage from '../../components/TabPage';
import SessionGate from '../../components/SessionGate';
import { call } from '../../services/cloud';
import { useRemote } from '../../hooks/useRemote';
import { primaryUnit } from '../../utils/format';
import { levelsOf, within } from '../../utils/levels';
import './index.scss';

/** The service commitments of SPEC §2 as owners read them, in the community's effective levels. */
function commitments({ tickets: t, questions: q, passes: p }: ServiceLevels): { key: string; figure: string; text: string }[] {
  return [
    { key: 'respond', figure: spanText(t.respond.span), text: `所有诉求${within(t.respond.span)}有效响应` },
    { key: 'arrive', figure: spanText(t.arrive.repair.span), text: `维修受理后${within(t.arrive.repair.span)}到场（或按约定时间）` },
    { key: 'repair', figure: spanText(t.resolve.repair.major.span), text: `小修${within(t.resolve.repair.minor.span)}修复，大修${within(t.resolve.repair.major.span)}完成` },
    {
      key: 'complaint',
      figure: spanText(t.resolve.complaint.general.span),
      text: `一般投诉${within(t.resolve.complaint.general.span)}处理，重大投诉${within(t.resolve.complaint.major.span)}`,
    },
    { key: 'question', figure: spanText(q.firstAnswer), text: `咨询${within(q.firstAnswer)}首次答复` },
    { key: 'pass', figure: spanText(p.decide), text: `大件物品放行${within(p.decide)}审批` },
    { key: 'emergency', figure: spanText(t.arrive.emergency.span), text: `突发事件${within(t.arrive.emergency.span)}到场` },
  ];
}

function HomeView({ me }: { me: Me }) {
  const unit = primaryUnit(me.units);
  const communities = useRemote(() => call('account', 'communities', {}), []);
  const community = communities.data?.communities.find((c) => c.id === unit?.communityId) ?? communities.data?.communities[0] ?? null;
  const phone = community?.supervisionPhone ?? '';

  return (
    <View>
      <View className="home-hero">
        <View className="home-hero__community">{unit?.communityName ?? community?.name ?? '管家服务'}</View>
        {unit ? (
          <View className="home-hero__unit">
            {unit.unit}
            <Text className="home-hero__state">{bindingStateLabels[unit.state]}</Text>
          </View>
        ) : (
          <View className="home-hero__bind">
            <Text>绑定房屋后即可使用管家服务</Text>
            <Button size="small" className="home-hero__bind-button" onClick={() => void Taro.navigateTo({ url: '/packages/account/bind/index' })}>
              去绑定
            </Button>
          </View>
        )}
      </View>

      {unit ? (
        <View className="home-quick">
          <View className="home-quick__item home-entry-report" onClick={() => void Taro.navigateTo({ url: '/packages/ticket/report/index' })}>
            <View className="home-quick__title">报事报修</View>
            <View className="home-quick__text">维修 · 投诉 · 建议</View>
          </View>
          <View className="home-quick__item home-entry-tickets" onClick={() => void Taro.navigateTo({ url: '/packages/ticket/mine/index' })}>
            <View className="home-quick__title">我的工单</View>
            <View className="home-quick__text">进度、时限与评价</View>
          </View>
        </View>
      ) : null}

      <View className="section-title">服务承诺</View>
      <View className="home-commitments">
        {commitments(levelsOf(me, unit?.communityId)).map((item) => (
          <View key={item.key} className={`home-commitment home-commitment--${item.key}`}>
            <View className="home-commitment__figure">{item.figure}</View>
            <View className="home-commitment__text">{item.text}</View>
          </View>
        ))}
      </View>

      <View className="section-title">监督电话</View>
      {communities.status === 'error' && !communities.data ? (
        <Cell title="监督电话暂时无法加载" extra="重试" clickable onClick={() => void communities.reload()} />
      ) : (
        <Cell
          title={phone || (communities.status === 'loading' ? '加载中…' : '暂未公布')}
          description="对服务不满意，可拨打物业监督电话"
          extra={phone ? '拨打' : undefined}
          clickable={Boolean(phone)}
          onClick={() => {
            if (phone) void Taro.makePhoneCall({ phoneNumber: phone });
          }}
        />
      )}
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

// The service commitments of SPEC §2 as owners read them, in their community's effective levels:
// a page of their own, opened from the one-line promise on 首页.
import { View } from '@tarojs/components';
import type { Me } from '../../../../types/account';
import type { ServiceLevels } from '../../../../types/sla';
import { spanText } from '../../../../types/sla-text';
import SessionGate from '../../../components/SessionGate';
import { primaryUnit } from '../../../utils/format';
import { levelsOf, within } from '../../../utils/levels';
import './index.scss';

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

function Commitments({ me }: { me: Me }) {
  const unit = primaryUnit(me.units);
  return (
    <View className="page">
      <View className="section-title">{unit?.communityName ?? '本小区'}物业服务承诺</View>
      <View className="home-commitments">
        {commitments(levelsOf(me, unit?.communityId)).map((item) => (
          <View key={item.key} className={`home-commitment home-commitment--${item.key}`}>
            <View className="home-commitment__figure">{item.figure}</View>
            <View className="home-commitment__text">{item.text}</View>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function CommitmentsPage() {
  return <SessionGate>{(me) => <Commitments me={me} />}</SessionGate>;
}

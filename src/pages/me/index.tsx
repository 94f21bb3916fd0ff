import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import type { Me, UnitBinding } from '../../../types/account';
import type { BindingState } from '../../../types/enums';
import { bindingStateLabels, roleLabels, stewardKindLabels } from '../../../types/labels';
import TabPage from '../../components/TabPage';
import SessionGate from '../../components/SessionGate';
import { displayName } from '../../utils/format';
import './index.scss';

const stateTagType: Record<BindingState, 'success' | 'warning' | 'danger'> = {
  active: 'success',
  pending: 'warning',
  rejected: 'danger',
};

function UnitCell({ unit }: { unit: UnitBinding }) {
  return (
    <Cell
      className="me-unit"
      title={<Text className="me-unit__label">{unit.unit}</Text>}
      description={`${unit.communityName} · ${roleLabels[unit.role]}${unit.state === 'rejected' && unit.rejectReason ? ` · 原因：${unit.rejectReason}` : ''}`}
      extra={
        <Tag type={stateTagType[unit.state]} plain>
          {bindingStateLabels[unit.state]}
        </Tag>
      }
    />
  );
}

function MeView({ me }: { me: Me }) {
  const go = (url: string) => () => void Taro.navigateTo({ url });
  return (
    <View>
      <View className="me-header">
        <View className="me-header__name" onClick={go('/packages/account/profile/index')}>
          {displayName(me)}
          <Text className="me-header__edit">编辑 ›</Text>
        </View>
        <View className="me-header__roles">
          {me.roles.length === 0 ? <Text className="me-header__none">尚未绑定房屋</Text> : null}
          {me.roles.map((role) => (
            <Tag key={role} className="me-header__role" type="primary" round>
              {roleLabels[role]}
            </Tag>
          ))}
        </View>
      </View>

      <CellGroup title="我的房屋">
        {me.units.length === 0 ? <Cell title="还没有绑定房屋" description="绑定后可报修、预约服务和接收通知" /> : null}
        {me.units.map((unit) => (
          <UnitCell key={unit.id} unit={unit} />
        ))}
        <Cell className="me-entry-bind" title="绑定房屋" extra="›" clickable onClick={go('/packages/account/bind/index')} />
      </CellGroup>

      {me.staff.length > 0 ? (
        <CellGroup title="工作岗位">
          {me.staff.map((post) => (
            <Cell
              key={`${post.communityId}-${post.role}`}
              title={`${post.communityName} · ${post.kind ? stewardKindLabels[post.kind] : roleLabels[post.role]}`}
              description={post.buildings.length > 0 ? `负责楼栋：${post.buildings.join('、')}` : undefined}
            />
          ))}
        </CellGroup>
      ) : null}

      <CellGroup title="设置">
        <Cell
          className="me-entry-profile"
          title="个人资料与祝福"
          description={me.profile.greetingsOptIn ? `祝福已开启 · 微信推送可收 ${me.subscriptions.greeting ?? 0} 次` : '祝福未开启'}
          extra="›"
          clickable
          onClick={go('/packages/account/profile/index')}
        />
        <Cell className="me-entry-privacy" title="我的数据与隐私" extra="›" clickable onClick={go('/packages/account/privacy/index')} />
        {process.env.TARO_ENV === 'h5' ? (
          <Cell className="me-entry-identity" title="切换身份（本地演示）" extra="›" clickable onClick={go('/packages/dev/identity/index')} />
        ) : null}
      </CellGroup>
    </View>
  );
}

export default function MePage() {
  return (
    <TabPage path="pages/me/index">
      <SessionGate>{(me) => <MeView me={me} />}</SessionGate>
    </TabPage>
  );
}

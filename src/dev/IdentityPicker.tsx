// h5 only (local cloud): the local cloud has no WeChat login, so a person picks one of the
// seeded people; the choice is sent as x-openid on every call.
import { View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Taro from '@tarojs/taro';
import { useRemote } from '../hooks/useRemote';
import { CloudError, NETWORK_MESSAGE } from '../services/cloud';
import { currentIdentity, setIdentity, type LocalPerson } from '../services/identity';
import { refreshSession } from '../services/session';
import { ErrorState, LoadingState, EmptyState } from '../components/PageState';

async function loadPeople(): Promise<LocalPerson[]> {
  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject>;
  try {
    response = await Taro.request<TaroGeneral.IAnyObject>({ url: `${LOCAL_CLOUD_URL}/api/dev/people`, method: 'GET', timeout: 15000 });
  } catch {
    throw new CloudError('NETWORK', NETWORK_MESSAGE);
  }
  if (response.statusCode !== 200 || !Array.isArray(response.data)) throw new CloudError('INTERNAL', '本地云没有返回演示用户列表');
  return (response.data as unknown[]).filter((row): row is LocalPerson => typeof row === 'object' && row !== null && typeof (row as LocalPerson).openid === 'string');
}

export function IdentityPicker({ onChosen }: { onChosen?: () => void }) {
  const people = useRemote(loadPeople);
  const current = currentIdentity();

  const choose = async (person: LocalPerson) => {
    setIdentity(person.openid);
    await refreshSession();
    onChosen?.();
  };

  return (
    <View className="identity-picker">
      <View className="section-title">本地演示：选择身份（仅本地云可用，微信中由微信登录）</View>
      {people.status === 'loading' && !people.data ? <LoadingState /> : null}
      {people.status === 'error' ? <ErrorState message={people.error} onRetry={() => void people.reload()} /> : null}
      {people.data && people.data.length === 0 ? <EmptyState title="没有演示用户" description="本地云的种子数据里没有人员" /> : null}
      {people.data && people.data.length > 0 ? (
        <CellGroup>
          {people.data.map((person) => (
            <Cell
              key={person.openid}
              id={`identity-${person.openid}`}
              className="identity-picker__person"
              title={person.name}
              description={`${person.label} · ${person.openid}`}
              extra={person.openid === current ? '当前' : '选择'}
              clickable
              onClick={() => void choose(person)}
            />
          ))}
        </CellGroup>
      ) : null}
    </View>
  );
}

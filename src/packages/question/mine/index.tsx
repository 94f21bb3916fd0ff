// 我的咨询: the caller's own questions, newest first, with their state.
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { QuestionCard } from '../shared/parts';
import { useQuestionPages } from '../shared/useQuestionPages';
import '../shared/question.scss';

function MyQuestions() {
  const { pages: state, reload, loadMore } = useQuestionPages({ mine: true, view: 'all', limit: 20 });
  const ask = () => void Taro.navigateTo({ url: '/packages/question/ask/index' });

  if (state.status === 'loading' && state.items.length === 0) return <LoadingState />;
  if (state.status === 'error' && state.items.length === 0) return <ErrorState message={state.error ?? ''} onRetry={() => void reload()} />;

  const now = Date.now();
  return (
    <View className="page my-questions">
      {state.items.length === 0 ? (
        <EmptyState title="还没有咨询" description="出行、装修、租房、政府服务电话……都可以问管家">
          <Button type="primary" size="small" onClick={ask}>
            我要咨询
          </Button>
        </EmptyState>
      ) : null}
      {state.items.map((question) => (
        <QuestionCard
          key={question.id}
          question={question}
          now={now}
          staff={false}
          onOpen={() => void Taro.navigateTo({ url: `/packages/question/thread/index?id=${encodeURIComponent(question.id)}` })}
        />
      ))}
      {state.error ? <View className="field-error">{state.error}</View> : null}
      <View className="actions">
        {state.cursor ? <MoreButton loading={state.status === 'more'} onMore={() => void loadMore()} /> : state.items.length > 0 ? <Text className="muted">没有更多了</Text> : null}
        {state.items.length > 0 ? (
          <Button id="my-questions-ask" type="primary" block onClick={ask}>
            我要咨询
          </Button>
        ) : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function MyQuestionsPage() {
  return <SessionGate>{() => <MyQuestions />}</SessionGate>;
}

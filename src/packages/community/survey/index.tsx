// 业主意见征询表: the quarter's survey for each household of the owner's that has taken possession,
// 1–5 per service area and a comment, once per household. A score of 2 or less is followed up by
// the steward.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { DISSATISFIED_AT_MOST } from '../../../../types/surveys';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import '../shared/community.scss';

const SCORE_WORDS = ['', '很不满意', '不满意', '一般', '满意', '很满意'];

function Form() {
  const remote = useRemote(() => call('surveys', 'mine', {}), []);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState<string[]>([]);

  if (!remote.data) return remote.status === 'error' ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : <LoadingState />;
  const todo = remote.data.surveys.find((s) => !s.answered && !sent.includes(`${s.survey.id}|${s.unit}`));
  const done = remote.data.surveys.length > 0 && !todo;

  const answer = async () => {
    if (!todo) return;
    const missing = todo.survey.areas.filter((a) => !scores[a.key]);
    if (missing.length > 0) {
      setError(`请为${missing.map((a) => a.label).join('、')}评分`);
      return;
    }
    setBusy(true);
    setError('');
    try {
      await call('surveys', 'answer', { id: todo.survey.id, unit: todo.unit, scores, comment });
      setSent([...sent, `${todo.survey.id}|${todo.unit}`]);
      setScores({});
      setComment('');
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const low = todo ? todo.survey.areas.some((a) => (scores[a.key] ?? 5) <= DISSATISFIED_AT_MOST) : false;
  return (
    <View className="page cm-survey">
      {remote.data.surveys.length === 0 ? <EmptyState title="暂无问卷" description="每季度物业会邀请已入住的业主填写意见征询表" /> : null}
      {done ? <EmptyState glyph="✓" title="感谢您的反馈" description="本季度的意见征询表已提交，我们会认真改进" /> : null}
      {todo ? (
        <>
          <View className="card">
            <View className="cm-card__title">{todo.survey.quarter.replace('-Q', ' 年第 ')} 季度业主意见征询表</View>
            <View className="cm-card__line">房屋：{todo.unit}</View>
            <View className="muted">请为各项服务评分：5 分很满意，1 分很不满意</View>
          </View>
          <View className="form-block">
            {todo.survey.areas.map((a) => (
              <View key={a.key} className={`cm-area cm-area--${a.key}`}>
                <View className="cm-area__label">
                  {a.label}
                  <Text className="muted"> {scores[a.key] ? SCORE_WORDS[scores[a.key]] : ''}</Text>
                </View>
                <View className="cm-scores">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <Text key={n} className={`cm-score cm-score-${n} ${scores[a.key] === n ? 'cm-score--on' : ''}`} onClick={() => setScores({ ...scores, [a.key]: n })}>
                      {n}
                    </Text>
                  ))}
                </View>
              </View>
            ))}
            <View className="form-block__title">意见与建议</View>
            <TextArea className="cm-comment" value={comment} onChange={setComment} placeholder={low ? '请告诉我们哪里做得不好，管家会与您联系' : '选填'} maxLength={500} />
          </View>
          {low ? <View className="cm-warning">评分 {DISSATISFIED_AT_MOST} 分及以下的项目，管家会与您沟通、处理并回访</View> : null}
          {error ? <View className="field-error">{error}</View> : null}
          <View className="actions">
            <Button id="cm-survey-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void answer()}>
              提交
            </Button>
          </View>
        </>
      ) : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function SurveyPage() {
  return <SessionGate>{() => <Form />}</SessionGate>;
}

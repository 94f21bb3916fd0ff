// One question and its thread (SPEC §6). The owner reads the answers, follows up or settles it;
// staff claim it, answer, mark it complex (24-hour clock), give it back, or save it to the FAQ.
// What each person may do comes from the server (`allowed`); a lost race is explained and the
// thread reloaded, with what was typed kept in the box.
import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { ANSWER_MAX, QUESTION_MAX, type QuestionCommand, type QuestionThread } from '../../../../types/questions';
import { withinText } from '../../../../types/sla-text';
import { questionActionLabels, actorRoleLabels, questionCategoryLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { levelsOf } from '../../../utils/levels';
import { Bubbles, ClockLine, StateTag } from '../shared/parts';
import { fullTime, shortTime } from '../../../utils/time';
import '../shared/question.scss';

type Panel = 'complex' | 'saveFaq' | null;
const CONFLICT_MESSAGE = '这条咨询刚有新的变化（可能其他管家已在处理），已刷新。您填写的内容仍保留。';

function FieldError({ text, className = '' }: { text?: string; className?: string }) {
  return text ? <View className={`field-error ${className}`}>{text}</View> : null;
}

function ThreadView({ me, id }: { me: Me; id: string }) {
  const remote = useRemote(() => call('questions', 'get', { id }), [id]);
  const [fresh, setFresh] = useState<QuestionThread | null>(null);
  const [busy, setBusy] = useState<QuestionCommand | null>(null);
  const [conflict, setConflict] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reply, setReply] = useState('');
  const [panel, setPanel] = useState<Panel>(null);
  const [note, setNote] = useState('');
  const [faqQuestion, setFaqQuestion] = useState('');
  const [faqAnswer, setFaqAnswer] = useState('');
  const [faqKeywords, setFaqKeywords] = useState('');
  const faqRequestId = useRef(`faq${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);

  const reload = async () => {
    setFresh(null);
    await remote.reload();
  };
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  const question = fresh ?? remote.data?.question ?? null;
  if (!question && remote.status === 'error') return <ErrorState message={remote.error} onRetry={() => void reload()} />;
  if (!question) return <LoadingState />;

  const allowed = new Set(question.allowed);
  const staff = me.staff.some((post) => post.communityId === question.communityId && post.role !== 'engineer' && post.role !== 'guard');
  const now = Date.now();

  const run = async (command: QuestionCommand, done: string, request: () => Promise<{ question: QuestionThread }>, after?: () => void) => {
    if (busy) return;
    setBusy(command);
    setConflict(false);
    setErrors({});
    try {
      const result = await request();
      setFresh(result.question);
      void Taro.showToast({ title: done, icon: 'success' });
      after?.();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'CONFLICT') {
        setConflict(true);
        await reload();
      } else if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
      } else {
        setErrors({ _: messageOf(error) });
      }
    } finally {
      setBusy(null);
    }
  };

  const lastAnswer = [...question.messages].reverse().find((m) => m.from === 'staff')?.text ?? '';
  const openSaveFaq = () => {
    setPanel('saveFaq');
    setErrors({});
    setFaqQuestion(question.text.slice(0, 100));
    setFaqAnswer(lastAnswer);
    setFaqKeywords('');
  };

  const send = (command: 'answer' | 'followUp') => {
    const text = reply.trim();
    if (!text) {
      setErrors({ text: command === 'answer' ? '请填写答复内容' : '请填写追问内容' });
      return;
    }
    void run(
      command,
      command === 'answer' ? '已答复' : '已发送',
      () => call('questions', command, { id: question.id, text }),
      () => setReply(''),
    );
  };

  const canWrite = allowed.has('answer') || allowed.has('followUp');
  const writeAs: 'answer' | 'followUp' = allowed.has('answer') ? 'answer' : 'followUp';

  return (
    <View className="page question-thread">
      {conflict ? <View className="q-warning question-conflict">{CONFLICT_MESSAGE}</View> : null}
      <View className="card">
        <View className="q-card__head">
          <Text className="q-card__title">
            {questionCategoryLabels[question.category]}
            {question.complex ? <Text className="q-tag-complex">复杂问题</Text> : null}
          </Text>
          <StateTag state={question.state} />
        </View>
        <View className="q-card__line">
          编号 {question.no} · {fullTime(question.askedAt)} 提问
        </View>
        {staff ? (
          <View className="q-card__line">
            提问人：{question.unit} {question.askerName ?? '业主'}
          </View>
        ) : null}
        <View className="q-card__line">答复管家：{question.handlerName ? `${question.handlerName}${question.handlerIsMe ? '（我）' : ''}` : '待认领'}</View>
        {question.clock.firstAnsweredAt ? (
          <View className="q-card__line question-first-answer">首次答复于 {fullTime(question.clock.firstAnsweredAt)}</View>
        ) : (
          <View className="q-card__line question-promise">
            {question.complex ? '需要进一步核实，' : ''}管家将在 {shortTime(question.clock.firstAnswerDue)} 前答复
          </View>
        )}
        {staff ? <ClockLine question={question} now={now} /> : null}
      </View>

      <View className="section-title">对话</View>
      <Bubbles messages={question.messages} />

      {canWrite ? (
        <View className="form-block question-reply">
          <View className="form-block__title">{writeAs === 'followUp' ? '继续追问' : question.clock.firstAnsweredAt ? '补充答复' : '答复业主'}</View>
          <TextArea
            className="question-reply__text"
            value={reply}
            onChange={(value) => {
              setReply(value);
              setErrors({});
            }}
            placeholder={writeAs === 'answer' ? '写下答复，业主会收到消息通知' : '补充说明或继续提问'}
            maxLength={writeAs === 'answer' ? ANSWER_MAX : QUESTION_MAX}
            showCount
            autoSize
          />
          <FieldError text={errors.text} className="question-reply__error" />
          <View className="q-actions">
            <Button id={writeAs === 'answer' ? 'question-answer-submit' : 'question-follow-up-submit'} type="primary" loading={busy === writeAs} onClick={() => send(writeAs)}>
              {writeAs === 'answer' ? '发送答复' : '发送追问'}
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'complex' ? (
        <View className="form-block question-panel--complex">
          <View className="form-block__title">标记为复杂问题</View>
          <View className="form-block__hint">业主会收到通知：需要进一步核实，{shortTime(new Date(Date.parse(question.askedAt) + 24 * 3600_000).toISOString())} 前答复。</View>
          <TextArea value={note} onChange={setNote} placeholder="需要核实什么（选填，业主可见）" maxLength={200} showCount />
          <FieldError text={errors.note} />
          <View className="q-actions">
            <Button
              id="question-complex-submit"
              type="primary"
              loading={busy === 'markComplex'}
              onClick={() =>
                void run(
                  'markComplex',
                  '已标记',
                  () => call('questions', 'markComplex', { id: question.id, ...(note.trim() ? { note: note.trim() } : {}) }),
                  () => setPanel(null),
                )
              }
            >
              确定
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'saveFaq' ? (
        <View className="form-block question-panel--faq">
          <View className="form-block__title">收入常见问题</View>
          <View className="form-block__hint">改写成通用的问法，去掉业主的个人信息。</View>
          <TextArea className="faq-question" value={faqQuestion} onChange={setFaqQuestion} placeholder="问题" maxLength={100} showCount autoSize />
          <FieldError text={errors.question} />
          <TextArea className="faq-answer" value={faqAnswer} onChange={setFaqAnswer} placeholder="答案" maxLength={ANSWER_MAX} showCount autoSize />
          <FieldError text={errors.answer} />
          <Input className="q-input faq-keywords" value={faqKeywords} onInput={(e) => setFaqKeywords(e.detail.value)} placeholder="关键词（选填，用逗号分隔，如：天然气，煤气）" />
          <View className="q-actions">
            <Button
              id="question-save-faq-submit"
              type="primary"
              loading={busy === 'saveFaq'}
              onClick={async () => {
                if (busy) return;
                setBusy('saveFaq');
                setErrors({});
                try {
                  const keywords = faqKeywords
                    .split(/[,，、\s]+/)
                    .map((k) => k.trim())
                    .filter(Boolean);
                  await call(
                    'questions',
                    'saveFaq',
                    { questionId: question.id, question: faqQuestion.trim(), answer: faqAnswer.trim(), ...(keywords.length ? { keywords } : {}) },
                    { requestId: faqRequestId.current },
                  );
                  void Taro.showToast({ title: '已收入常见问题', icon: 'success' });
                  setPanel(null);
                  await reload();
                } catch (error) {
                  if (error instanceof CloudError && error.code === 'INVALID_INPUT') setErrors(error.fields);
                  else setErrors({ _: messageOf(error) });
                } finally {
                  setBusy(null);
                }
              }}
            >
              保存
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      <FieldError text={errors._} className="question-error" />

      <View className="actions">
        {allowed.has('claim') ? (
          <Button
            id="question-claim"
            type="primary"
            block
            loading={busy === 'claim'}
            onClick={() => void run('claim', '已认领', () => call('questions', 'claim', { id: question.id }))}
          >
            认领（由我答复）
          </Button>
        ) : null}
        {allowed.has('markComplex') && panel === null ? (
          <Button
            id="question-complex"
            block
            fill="outline"
            onClick={() => {
              setNote('');
              setErrors({});
              setPanel('complex');
            }}
          >
            复杂问题（{withinText(levelsOf(me, question.communityId).questions.complexAnswer)}答复）
          </Button>
        ) : null}
        {allowed.has('saveFaq') && panel === null ? (
          <Button id="question-save-faq" block fill="outline" onClick={openSaveFaq}>
            收入常见问题
          </Button>
        ) : null}
        {allowed.has('release') ? (
          <Button
            id="question-release"
            block
            fill="outline"
            loading={busy === 'release'}
            onClick={() => void run('release', '已退回队列', () => call('questions', 'release', { id: question.id }))}
          >
            退回队列
          </Button>
        ) : null}
        {allowed.has('close') ? (
          <Button
            id="question-close"
            block
            fill="outline"
            loading={busy === 'close'}
            onClick={() => void run('close', '感谢反馈', () => call('questions', 'close', { id: question.id }))}
          >
            问题已解决
          </Button>
        ) : null}
        {question.faqId ? <Text className="muted">已收入常见问题</Text> : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>

      {staff ? (
        <>
          <View className="section-title">处理记录</View>
          <View className="card events">
            {question.events.map((e, i) => (
              <View key={`${e.at}-${i}`} className="events__row">
                {shortTime(e.at)} · {questionActionLabels[e.action]} · {e.actorName ? `${actorRoleLabels[e.actorRole]} ${e.actorName}` : actorRoleLabels[e.actorRole]}
                {e.note ? `：${e.note}` : ''}
              </View>
            ))}
          </View>
        </>
      ) : null}
    </View>
  );
}

export default function ThreadPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  return <SessionGate>{(me) => (id ? <ThreadView me={me} id={id} /> : <ErrorState message="缺少咨询编号" onRetry={goBack} />)}</SessionGate>;
}

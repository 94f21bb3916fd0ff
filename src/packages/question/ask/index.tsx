// Asking the steward (SPEC §6): a category and the question; while typing, the community's FAQ
// answers that match are shown first; the send tap asks for the answer notice's subscription.
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { type FaqMatch, QUESTION_MAX, type QuestionCategory } from '../../../../types/questions';
import { questionCategoryLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { BindFirstState } from '../../../components/PageState';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { levelsOf, within } from '../../../utils/levels';
import { FaqItem } from '../shared/parts';
import { recordGrants, requestSubscriptions } from '../../../services/subscribe';
import { clearDraft, loadDraft, saveDraft } from './draft';
import '../shared/question.scss';

const CATEGORIES = Object.keys(questionCategoryLabels) as QuestionCategory[];
/** Typing pauses this long before the FAQ is searched. */
const SEARCH_DELAY_MS = 400;

function AskForm({ me }: { me: Me }) {
  const units = me.units.filter((unit) => unit.state === 'active');
  const communities = [...new Set(units.map((unit) => unit.communityId))];
  // A question left unsent on this phone comes back, with its requestId.
  const [restored] = useState(() => {
    const draft = loadDraft();
    return draft && communities.includes(draft.communityId) ? draft : null;
  });
  const [communityId, setCommunityId] = useState(restored?.communityId ?? communities[0] ?? '');
  const [category, setCategory] = useState<QuestionCategory>(restored?.category ?? 'other');
  const [text, setText] = useState(restored?.text ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [matches, setMatches] = useState<FaqMatch[]>([]);
  const [searching, setSearching] = useState(false);
  const [showRestored, setShowRestored] = useState(Boolean(restored?.text.trim()));
  // One requestId per question as written: a retry after a lost reply sends the same one (SPEC
  // §10); an edit makes it a new question, so an edited retry is never answered with the old one.
  const requestId = useRef(restored?.requestId ?? newRequestId());
  const edited = () => {
    requestId.current = newRequestId();
  };
  const inFlight = useRef(false);
  const levels = levelsOf(me, communityId);
  const searchGeneration = useRef(0);

  // Every change is on the phone at once: leaving the page or losing the network keeps it.
  useEffect(() => {
    if (text.trim()) saveDraft({ requestId: requestId.current, communityId, category, text });
    else clearDraft();
  }, [text, category, communityId]);

  useEffect(() => {
    const query = text.trim();
    const mine = ++searchGeneration.current;
    if (query.length < 2 || !communityId) {
      setMatches([]);
      setSearching(false);
      return undefined;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      call('questions', 'faq', { query, communityId })
        .then((reply) => {
          if (mine === searchGeneration.current) setMatches(reply.entries);
        })
        .catch(() => {
          // the FAQ is a help, not a step: asking still works without it
          if (mine === searchGeneration.current) setMatches([]);
        })
        .finally(() => {
          if (mine === searchGeneration.current) setSearching(false);
        });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, communityId]);

  const send = async (grants: Promise<Array<'questionAnswered'>>) => {
    setSending(true);
    setFailure(null);
    try {
      // counted first, so the first answer's notice can use this very grant
      await recordGrants(grants);
      const { question } = await call('questions', 'ask', { communityId, category, text: text.trim() }, { requestId: requestId.current });
      clearDraft();
      void Taro.showToast({ title: '已发送给管家', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/question/thread/index?id=${encodeURIComponent(question.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFailure(`${messageOf(error)}。内容已保存在本机，可直接重新发送。`);
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const onSend = () => {
    if (inFlight.current) return;
    if (!text.trim()) {
      setErrors({ text: '请填写您要咨询的问题' });
      return;
    }
    inFlight.current = true;
    // Must run in the tap's own call stack, before anything is awaited, or WeChat refuses it.
    const grants = requestSubscriptions(['questionAnswered']) as Promise<Array<'questionAnswered'>>;
    void send(grants);
  };

  if (units.length === 0) {
    return <BindFirstState description="绑定房屋后即可向管家咨询" />;
  }

  return (
    <View className="page ask">
      <View className="q-warning ask-promise">
        管家在{within(levels.questions.firstAnswer)}首次答复；需要核实的复杂问题{within(levels.questions.complexAnswer)}答复。
      </View>
      {showRestored ? (
        <View className="q-warning ask-restored">
          已恢复上次未发送的问题。
          <Text
            className="ask-restored__discard"
            onClick={() => {
              clearDraft();
              edited();
              setShowRestored(false);
              setText('');
              setCategory('other');
            }}
          >
            清空重填
          </Text>
        </View>
      ) : null}
      <View className="form-block">
        {communities.length > 1 ? (
          <>
            <View className="form-block__title">小区</View>
            <View className="choice-row">
              {communities.map((id) => (
                <View
                  key={id}
                  className={`choice ask-community ${communityId === id ? 'choice--on' : ''}`}
                  onClick={() => {
                    if (id !== communityId) edited();
                    setCommunityId(id);
                  }}
                >
                  {units.find((unit) => unit.communityId === id)?.communityName ?? id}
                </View>
              ))}
            </View>
          </>
        ) : null}
        <View className="form-block__title">咨询类别</View>
        <View className="choice-row">
          {CATEGORIES.map((key) => (
            <View
              key={key}
              className={`choice ask-category ask-category--${key} ${category === key ? 'choice--on' : ''}`}
              onClick={() => {
                if (key !== category) edited();
                setCategory(key);
                setErrors((previous) => ({ ...previous, category: '' }));
              }}
            >
              {questionCategoryLabels[key]}
            </View>
          ))}
        </View>
        {errors.category ? <View className="field-error">{errors.category}</View> : null}
        <View className="form-block__title">您的问题</View>
        <TextArea
          className="ask-text"
          value={text}
          onChange={(value) => {
            if (value !== text) edited();
            setText(value);
            setErrors((previous) => ({ ...previous, text: '' }));
            setFailure(null);
          }}
          placeholder="例如：燃气公司的电话是多少？"
          maxLength={QUESTION_MAX}
          showCount
          autoSize
        />
        {errors.text ? <View className="field-error ask-error">{errors.text}</View> : null}
      </View>

      {searching && matches.length === 0 ? <View className="section-title">正在查找常见问题…</View> : null}
      {matches.length > 0 ? (
        <View className="ask-matches">
          <View className="section-title">这些常见问题也许能解答您</View>
          {matches.map((entry) => (
            <FaqItem key={entry.id} entry={entry} />
          ))}
          <View className="actions">
            <Button fill="outline" block className="ask-solved" onClick={goBack}>
              已找到答案，不用问了
            </Button>
          </View>
        </View>
      ) : null}

      {failure ? <View className="field-error ask-failure">{failure}</View> : null}
      <View className="actions">
        <Button id="question-send" type="primary" block loading={sending} onClick={onSend}>
          {matches.length > 0 ? '没找到答案，发送给管家' : '发送给管家'}
        </Button>
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/question/mine/index' })}>
          我的咨询
        </Button>
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/question/faq/index' })}>
          浏览常见问题
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
      <View className="section-title">
        <Text className="muted">您的问题只有您和本小区管家能看到。</Text>
      </View>
    </View>
  );
}

export default function AskPage() {
  return <SessionGate>{(me) => <AskForm me={me} />}</SessionGate>;
}

// The community's FAQ (常见问题): everyone can browse and search it; leads also see retired entries
// and edit, retire or restore them (stewards add entries from answered questions).
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Input } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { ANSWER_MAX, type FaqEntry } from '../../../../types/questions';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { FaqItem } from '../shared/parts';
import '../shared/question.scss';

function Editor({ entry, onSaved, onCancel }: { entry: FaqEntry; onSaved: () => Promise<void>; onCancel: () => void }) {
  const [question, setQuestion] = useState(entry.question);
  const [answer, setAnswer] = useState(entry.answer);
  const [keywords, setKeywords] = useState(entry.keywords.join('，'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      const words = keywords
        .split(/[,，、\s]+/)
        .map((k) => k.trim())
        .filter(Boolean);
      await call('questions', 'editFaq', { id: entry.id, question: question.trim(), answer: answer.trim(), keywords: words });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await onSaved();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT') setErrors(error.fields);
      else setErrors({ _: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="form-block faq-editor">
      <View className="form-block__title">修改常见问题</View>
      <TextArea className="faq-editor__question" value={question} onChange={setQuestion} maxLength={100} showCount autoSize />
      {errors.question ? <View className="field-error">{errors.question}</View> : null}
      <TextArea className="faq-editor__answer" value={answer} onChange={setAnswer} maxLength={ANSWER_MAX} showCount autoSize />
      {errors.answer ? <View className="field-error">{errors.answer}</View> : null}
      <View className="form-block__hint">关键词帮助业主用不同说法搜到这一条（逗号分隔）</View>
      <Input className="q-input" value={keywords} onInput={(e) => setKeywords(e.detail.value)} placeholder="如：天然气，煤气" />
      {errors.keywords || errors._ ? <View className="field-error">{errors.keywords ?? errors._}</View> : null}
      <View className="q-actions">
        <Button className="faq-editor__save" type="primary" loading={busy} onClick={() => void save()}>
          保存
        </Button>
        <Button fill="outline" onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

function FaqList({ me }: { me: Me }) {
  const isLead = me.staff.some((post) => post.role === 'lead' || post.role === 'manager');
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const list = useRemote(() => call('questions', 'faq', submitted ? { query: submitted, limit: 20 } : isLead ? { includeRetired: true } : {}), [submitted, isLead]);

  const retire = async (entry: FaqEntry) => {
    setBusy(entry.id);
    try {
      await call('questions', 'retireFaq', { id: entry.id, active: !entry.active });
      void Taro.showToast({ title: entry.active ? '已下架' : '已恢复', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      await list.reload();
    }
  };

  const entries = list.data?.entries ?? [];
  return (
    <View className="page faq-page">
      <View className="form-block">
        <Input
          className="q-input faq-search"
          value={query}
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => setSubmitted(query.trim())}
          placeholder="搜索，例如：燃气电话"
          confirmType="search"
        />
        <View className="q-actions">
          <Button className="faq-search__go" type="primary" size="small" onClick={() => setSubmitted(query.trim())}>
            搜索
          </Button>
          {submitted ? (
            <Button
              size="small"
              fill="outline"
              onClick={() => {
                setQuery('');
                setSubmitted('');
              }}
            >
              显示全部
            </Button>
          ) : null}
        </View>
      </View>
      {list.status === 'loading' && !list.data ? <LoadingState /> : null}
      {list.status === 'error' && !list.data ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
      {list.status === 'ready' && entries.length === 0 ? (
        <EmptyState title={submitted ? '没有找到相关的常见问题' : '还没有常见问题'} description={submitted ? '可以直接咨询管家' : undefined}>
          <Button type="primary" size="small" onClick={() => void Taro.navigateTo({ url: '/packages/question/ask/index' })}>
            咨询管家
          </Button>
        </EmptyState>
      ) : null}
      {entries.map((entry) =>
        editing === entry.id ? (
          <Editor
            key={entry.id}
            entry={entry}
            onCancel={() => setEditing(null)}
            onSaved={async () => {
              setEditing(null);
              await list.reload();
            }}
          />
        ) : (
          <FaqItem key={entry.id} entry={entry}>
            {isLead ? (
              <View className="q-actions">
                <Button className="faq-edit" size="small" fill="outline" onClick={() => setEditing(entry.id)}>
                  修改
                </Button>
                <Button
                  className="faq-retire"
                  size="small"
                  fill="outline"
                  type={entry.active ? 'danger' : 'primary'}
                  loading={busy === entry.id}
                  onClick={() => void retire(entry)}
                >
                  {entry.active ? '下架' : '恢复'}
                </Button>
              </View>
            ) : null}
          </FaqItem>
        ),
      )}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function FaqPage() {
  return <SessionGate>{(me) => <FaqList me={me} />}</SessionGate>;
}

// Pieces of a question shown on several pages: the state tag, the clock line, the list card, the
// thread's bubbles and an FAQ entry.
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { FaqEntry, Question, QuestionMessage, QuestionState } from '../../../../types/questions';
import { dueLevelLabels, questionCategoryLabels, questionStateLabels } from '../../../../types/labels';
import { shortTime, span, timeLeft } from '../../../utils/time';

export function StateTag({ state }: { state: QuestionState }) {
  return <Text className={`q-state q-state--${state}`}>{questionStateLabels[state]}</Text>;
}

/** 首次答复 剩 4 分钟（正常，应于 09:10 前） — the reply the owner waits for, coloured. */
export function ClockLine({ question, now }: { question: Question; now: number }) {
  const { replyDue, level } = question.clock;
  if (!replyDue || !level) return null;
  const what = question.clock.firstAnsweredAt ? '回复追问' : question.complex ? '复杂问题答复' : '首次答复';
  return (
    <View className={`q-due due--${level}`}>
      {what} {timeLeft(replyDue, now)}（{level === 'breached' ? '' : `${dueLevelLabels[level]}，`}应于 {shortTime(replyDue)} 前）
    </View>
  );
}

export function QuestionCard({ question, now, staff, onOpen }: { question: Question; now: number; staff: boolean; onOpen: () => void }) {
  const level = question.clock.level;
  const waited = question.waitingSince ? now - Date.parse(question.waitingSince) : null;
  return (
    <View className={`q-card ${level ? `q-card--${level}` : ''}`} onClick={onOpen}>
      <View className="q-card__head">
        <Text className="q-card__title">
          {questionCategoryLabels[question.category]}
          {question.complex ? <Text className="q-tag-complex">复杂</Text> : null}
        </Text>
        <StateTag state={question.state} />
      </View>
      <View className="q-card__text">{question.text}</View>
      {question.messageCount > 1 ? (
        <View className="q-card__line">
          最新：{question.lastMessage.from === 'staff' ? `管家${question.lastMessage.authorName ?? ''}` : '业主'}：{question.lastMessage.text}
        </View>
      ) : null}
      <View className="q-card__line">
        {question.no} · {shortTime(question.askedAt)} 提问
        {staff ? ` · ${question.unit}${question.askerName ? ` ${question.askerName}` : ''}` : ''}
        {staff && question.handlerName ? ` · ${question.handlerIsMe ? '我' : question.handlerName}处理中` : ''}
      </View>
      {staff && waited !== null && waited > 0 ? <View className="q-card__line">已等待 {span(waited)}</View> : null}
      {staff ? <ClockLine question={question} now={now} /> : null}
    </View>
  );
}

export function Bubbles({ messages }: { messages: QuestionMessage[] }) {
  return (
    <View className="bubbles">
      {messages.map((m) => (
        <View key={m.id} className={`bubble bubble--${m.from}`}>
          <View className="bubble__who">
            {m.from === 'staff' ? `管家 ${m.authorName ?? ''}` : '业主'} · {shortTime(m.at)}
          </View>
          <View className="bubble__text">{m.text}</View>
        </View>
      ))}
    </View>
  );
}

export function FaqItem({ entry, children }: { entry: FaqEntry; children?: ReactNode }) {
  return (
    <View className={`faq-item ${entry.active ? '' : 'faq-item--retired'}`}>
      <View className="faq-item__q">{entry.question}</View>
      <View className="faq-item__a">{entry.answer}</View>
      <View className="faq-item__meta">
        {questionCategoryLabels[entry.category]}
        {entry.active ? '' : ' · 已下架'}
      </View>
      {children}
    </View>
  );
}

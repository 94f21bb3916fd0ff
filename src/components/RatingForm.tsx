// The one way an owner rates a finished request (a ticket, an order): five stars with none chosen
// beforehand (a rating nobody chose is not a rating), a word for the stars chosen, an optional
// comment, and a submit that asks for a choice instead of sending one. The look comes from the
// domain parts every request package includes (styles/_parts.scss: stars, form-block, actions).
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { ratingLabels } from '../../types/labels';

export interface RatingFormProps {
  /** names the elements: `<prefix>-panel--rate`, `#<prefix>-rate-submit` */
  prefix: string;
  title?: string;
  /** what a low score (2 or less) leads to, shown once one is chosen */
  lowHint?: string;
  busy: boolean;
  /** an error the server gave (a field's or the whole form's) */
  error?: string;
  onSubmit: (score: number, comment: string | undefined) => void;
  onCancel?: () => void;
}

export const RATING_REQUIRED = '请选择 1–5 星';

export default function RatingForm({ prefix, title = '为本次服务评分', lowHint, busy, error, onSubmit, onCancel }: RatingFormProps) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const shownError = missing ? RATING_REQUIRED : error;
  return (
    <View className={`form-block ${prefix}-panel ${prefix}-panel--rate rating-form`}>
      <View className="form-block__title">{title}</View>
      <View className="stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <Text
            key={n}
            className={`star star-${n} ${n <= score ? 'star--on' : ''}`}
            onClick={() => {
              setScore(n);
              setMissing(false);
            }}
          >
            ★
          </Text>
        ))}
        <Text className="stars__label">{score > 0 ? ratingLabels[score] : '请点选星级'}</Text>
      </View>
      {shownError ? <View className="field-error rating-form__error">{shownError}</View> : null}
      <TextArea className="rating-form__comment" value={comment} onChange={setComment} placeholder="说说您的感受（选填）" maxLength={200} showCount />
      {lowHint && score > 0 && score <= 2 ? <View className="form-block__hint">{lowHint}</View> : null}
      <View className={`${prefix}-actions`}>
        <Button
          id={`${prefix}-rate-submit`}
          type="primary"
          loading={busy}
          onClick={() => {
            if (score === 0) {
              setMissing(true);
              return;
            }
            onSubmit(score, comment.trim() || undefined);
          }}
        >
          提交评价
        </Button>
        {onCancel ? (
          <Button fill="outline" onClick={onCancel}>
            取消
          </Button>
        ) : null}
      </View>
    </View>
  );
}

// Small pieces the panels share: a field's error, the note box, the five stars, and the confirm/cancel row.
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { ratingLabels } from '../../../../../types/labels';

export function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

/** A panel's note box; typing clears the errors a failed submit left, when `onEdit` says how. */
export function NoteBox({
  value,
  onChange,
  onEdit,
  placeholder,
  maxLength,
}: {
  value: string;
  onChange: (text: string) => void;
  onEdit?: () => void;
  placeholder: string;
  maxLength: number;
}) {
  return (
    <TextArea
      className="ticket-panel__text"
      value={value}
      onChange={(text) => {
        onChange(text);
        onEdit?.();
      }}
      placeholder={placeholder}
      maxLength={maxLength}
      showCount
    />
  );
}

export function Stars({ value, onChange }: { value: number; onChange: (score: number) => void }) {
  return (
    <View className="stars">
      {[1, 2, 3, 4, 5].map((score) => (
        <Text key={score} className={`star star-${score} ${score <= value ? 'star--on' : ''}`} onClick={() => onChange(score)}>
          ★
        </Text>
      ))}
      {value > 0 ? <Text className="stars__label">{ratingLabels[value]}</Text> : null}
    </View>
  );
}

/** The panel's submit button and 取消. */
export function PanelButtons({
  id,
  type = 'primary',
  loading,
  onSubmit,
  onCancel,
  children,
}: {
  id: string;
  type?: 'primary' | 'danger';
  loading: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <View className="ticket-actions">
      <Button id={id} type={type} loading={loading} onClick={onSubmit}>
        {children}
      </Button>
      <Button fill="outline" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}

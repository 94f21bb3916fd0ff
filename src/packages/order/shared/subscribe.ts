// Subscription grants asked in the booking tap (SPEC §7): WeChat refuses requestSubscribeMessage
// unless it runs in the tap's own call stack, so it starts before anything is awaited.
import Taro from '@tarojs/taro';
import type { TemplateKey } from '../../../../types/notify';
import { subscriptionTemplates } from '../../../../config/subscriptions';
import { call } from '../../../services/cloud';

export function requestSubscriptions(keys: TemplateKey[]): Promise<TemplateKey[]> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve([]);
  return Taro.requestSubscribeMessage({ tmplIds: keys.map((key) => subscriptionTemplates[key].id), entityIds: [] })
    .then((result) => {
      const answers = result as unknown as Record<string, string>;
      return keys.filter((key) => ['accept', 'acceptWithAudio'].includes(answers[subscriptionTemplates[key].id]));
    })
    .catch(() => []);
}

export async function recordGrants(pending: Promise<TemplateKey[]>): Promise<void> {
  const accepted = await pending;
  if (accepted.length === 0) return;
  try {
    await call('account', 'grantSubscriptions', { templates: accepted });
  } catch {
    // a lost grant only means the inbox carries the message
  }
}

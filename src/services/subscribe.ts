// Subscription grants asked at the submit tap (SPEC §7). WeChat refuses requestSubscribeMessage
// unless it runs inside the tap's own call stack, so callers start it before any await and pass
// the returned promise along; the grant is recorded once the person has answered.
import Taro from '@tarojs/taro';
import type { TemplateKey } from '../../types/notify';
import { subscriptionTemplates } from '../../config/subscriptions';
import { call } from './cloud';

/** Starts the request now; resolves with the keys the person accepted (none in h5 or on failure). */
export function requestSubscriptions(keys: TemplateKey[]): Promise<TemplateKey[]> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve([]);
  const ids = keys.map((key) => subscriptionTemplates[key].id);
  return Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] })
    .then((result) => {
      const answers = result as unknown as Record<string, string>;
      return keys.filter((key) => {
        const answer = answers[subscriptionTemplates[key].id];
        return answer === 'accept' || answer === 'acceptWithAudio';
      });
    })
    .catch(() => []);
}

/** Tells the server what was granted; a lost grant only means the inbox carries that message. */
export async function recordGrants(pending: Promise<TemplateKey[]>): Promise<void> {
  const accepted = await pending;
  if (accepted.length === 0) return;
  try {
    await call('account', 'grantSubscriptions', { templates: accepted });
  } catch {
    // Not worth interrupting the person: the message still reaches the in-app inbox.
  }
}

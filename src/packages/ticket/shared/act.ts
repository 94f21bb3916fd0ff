// Running one transition from a page: the reply's ticket replaces the shown one; a transition that
// lost a race (CONFLICT) is explained and the ticket reloaded, never retried blindly.
import Taro from '@tarojs/taro';
import type { Ticket } from '../../../../types/tickets';
import { CloudError, messageOf } from '../../../services/cloud';

export const CONFLICT_MESSAGE = '已被其他同事处理，已刷新';

export type ActOutcome = { ok: true; ticket: Ticket } | { ok: false; conflict: boolean; fields: Record<string, string> };

export async function act(run: () => Promise<{ ticket: Ticket }>, done: string, reload: () => Promise<void>): Promise<ActOutcome> {
  try {
    const { ticket } = await run();
    void Taro.showToast({ title: done, icon: 'success' });
    return { ok: true, ticket };
  } catch (error) {
    if (error instanceof CloudError && error.code === 'CONFLICT') {
      await reload();
      void Taro.showToast({ title: CONFLICT_MESSAGE, icon: 'none', duration: 3000 });
      return { ok: false, conflict: true, fields: {} };
    }
    if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
      return { ok: false, conflict: false, fields: error.fields };
    }
    void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    return { ok: false, conflict: false, fields: { _: messageOf(error) } };
  }
}

// The ticket's buttons: one per command the server says this caller may run now (`allowed`), in
// the order below, labelled from the labels table. A command either runs at once, asks first, or
// opens its panel.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Ticket, TicketCommand } from '../../../../../types/tickets';
import { ticketCommandLabels } from '../../../../../types/labels';
import { call } from '../../../../services/cloud';
import type { Run } from './types';

/** The transitions that take only the ticket's id: a tap (and for cancel a question) is enough. */
const DIRECT = ['accept', 'arrive', 'cancel'] as const;
type DirectCommand = (typeof DIRECT)[number];
/** The commands that need more than a tap: each has its panel. */
export type PanelCommand = Exclude<TicketCommand, DirectCommand>;

const isDirect = (command: TicketCommand): command is DirectCommand => (DIRECT as readonly TicketCommand[]).includes(command);

type ButtonLook = { type: 'primary' | 'default' | 'danger' | 'warning'; fill?: 'outline' };

interface Entry {
  look: (ticket: Ticket) => ButtonLook;
  /** the labels table's word unless the ticket calls for another */
  label?: (ticket: Ticket, staff: boolean) => string | null;
  /** at once (with the toast's text), after asking, or through its panel */
  does: { now: string } | { ask: { title: string; content: string; confirmText: string; cancelText: string; done: string } } | 'panel';
}

const plain = (type: ButtonLook['type'], fill?: 'outline') => (): ButtonLook => ({ type, fill });

const BAR: [TicketCommand, Entry][] = [
  ['accept', { look: plain('primary'), does: { now: '已受理' } }],
  ['assign', { look: (t) => ({ type: t.state === 'accepted' ? 'primary' : 'default' }), label: (t) => (t.assignee ? '改派' : null), does: 'panel' }],
  ['arrive', { look: plain('primary'), does: { now: '已到场' } }],
  ['resolve', { look: plain('primary'), does: 'panel' }],
  ['revisit', { look: plain('default'), does: 'panel' }],
  ['reclassify', { look: plain('default'), label: (t) => (t.complaintClass ? '改分类' : null), does: 'panel' }],
  ['reject', { look: plain('danger', 'outline'), does: 'panel' }],
  ['rate', { look: plain('primary'), does: 'panel' }],
  ['reopen', { look: plain('warning', 'outline'), label: (_t, staff) => (staff ? null : '不满意，重新处理'), does: 'panel' }],
  [
    'cancel',
    {
      look: plain('default'),
      does: { ask: { title: '取消这个工单？', content: '取消后管家将不再处理。', confirmText: '取消工单', cancelText: '再想想', done: '已取消' } },
    },
  ],
];

function runNow(run: Run, command: DirectCommand, done: string, id: string): Promise<void> {
  return run(command, done, () => call('tickets', command, { id }));
}

export default function ActionBar({
  ticket,
  staff,
  busy,
  run,
  open,
}: {
  ticket: Ticket;
  staff: boolean;
  busy: TicketCommand | null;
  run: Run;
  open: (command: PanelCommand) => void;
}) {
  const allowed = new Set(ticket.allowed);
  return (
    <View className="ticket-actions">
      {BAR.filter(([command]) => allowed.has(command)).map(([command, entry]) => {
        const { type, fill } = entry.look(ticket);
        const onClick = () => {
          const { does } = entry;
          if (!isDirect(command)) open(command);
          else if (does === 'panel') return;
          else if ('now' in does) void runNow(run, command, does.now, ticket.id);
          else {
            const { done, ...modal } = does.ask;
            void Taro.showModal(modal).then((answer) => {
              if (answer.confirm) void runNow(run, command, done, ticket.id);
            });
          }
        };
        return (
          <Button key={command} id={`ticket-${command}`} type={type} fill={fill} loading={entry.does !== 'panel' && busy === command} onClick={onClick}>
            {entry.label?.(ticket, staff) ?? ticketCommandLabels[command]}
          </Button>
        );
      })}
    </View>
  );
}

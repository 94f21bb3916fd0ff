// Pieces of a ticket shown on several pages: the list card, the deadlines and the timeline.
import { View, Text } from '@tarojs/components';
import type { DeadlineKey, Ticket, TicketEventView, TicketState, TicketSummary } from '../../../../types/tickets';
import {
  deadlineShortLabels as deadlineLabels,
  dueLevelLabels,
  actorRoleLabels,
  ticketChannelLabels,
  ticketEventLabels,
  ticketKindLabels,
  ticketScopeLabels,
  ticketStateLabels,
} from '../../../../types/labels';
import { fullTime, shortTime, timeLeft } from '../../../utils/time';

/** The colour family of a state: waiting on staff, being worked, done, or stopped. */
const stateTone: Record<TicketState, 'waiting' | 'working' | 'done' | 'stopped'> = {
  submitted: 'waiting',
  accepted: 'working',
  assigned: 'working',
  on_site: 'working',
  resolved: 'done',
  revisited: 'done',
  closed: 'stopped',
  cancelled: 'stopped',
  rejected: 'stopped',
  reopened: 'waiting',
};

export function StateTag({ state }: { state: TicketState }) {
  return <Text className={`ticket-state ticket-state--${stateTone[state]}`}>{ticketStateLabels[state]}</Text>;
}

/** The next running clock: 到场 剩 12 分钟, coloured by how close it is. */
export function NextDueLine({ ticket, now }: { ticket: TicketSummary; now: number }) {
  if (!ticket.nextDue) return null;
  const { key, at, level } = ticket.nextDue;
  return (
    <View className={`ticket-card__due due--${level}`}>
      {deadlineLabels[key]} {timeLeft(at, now)}（{level === 'breached' ? '' : `${dueLevelLabels[level]}，`}应于 {shortTime(at)} 前）
    </View>
  );
}

export function TicketCard({ ticket, now, staff, onOpen }: { ticket: TicketSummary; now: number; staff: boolean; onOpen: () => void }) {
  const level = ticket.nextDue?.level;
  return (
    <View className={`ticket-card ${level ? `ticket-card--${level}` : ''}`} onClick={onOpen}>
      <View className="ticket-card__head">
        <Text className="ticket-card__title">
          {ticketKindLabels[ticket.kind]} · {ticket.unit}
        </Text>
        <StateTag state={ticket.state} />
      </View>
      <View className="ticket-card__desc">{ticket.description}</View>
      <View className="ticket-card__line">
        {ticket.no} · {ticketScopeLabels[ticket.scope]} · {shortTime(ticket.createdAt)} 提交
        {staff && ticket.assigneeName ? ` · 处理人 ${ticket.assigneeName}` : ''}
      </View>
      <NextDueLine ticket={ticket} now={now} />
      {staff && ticket.calendarWarning ? <View className="ticket-card__line due--near">⚠ {ticket.calendarWarning}</View> : null}
    </View>
  );
}

const deadlineOrder: DeadlineKey[] = ['respondBy', 'arriveBy', 'resolveBy', 'revisitBy'];

export function Deadlines({ ticket, now }: { ticket: Ticket; now: number }) {
  const rows = deadlineOrder.flatMap((key) => {
    const at = ticket.deadlines[key];
    return at ? [{ key, at }] : [];
  });
  return (
    <View className="deadlines">
      {rows.map(({ key, at }) => {
        const running = ticket.nextDue?.key === key;
        return (
          <View key={key} className="ticket-card__line deadline">
            <Text>{deadlineLabels[key]}时限：</Text>
            <Text>{fullTime(at)}</Text>
            {running ? <Text className={`due--${ticket.nextDue?.level ?? 'ok'}`}>（{timeLeft(at, now)}）</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

function eventTitle(event: TicketEventView, ticket: Ticket): string {
  if (event.action === 'revisit' && (event.actorRole === 'owner' || event.actorRole === 'resident')) return '业主评价';
  if (event.action === 'submit') return ticket.channel === 'app' ? `提交${ticketKindLabels[ticket.kind]}` : `${ticketChannelLabels[ticket.channel]}（管家代登记）`;
  if (event.action === 'reclassify') return ticketEventLabels.reclassify;
  // The state reached says what happened (已受理, 已派单); the action only when the state stays.
  return event.from === event.to ? ticketEventLabels[event.action] : ticketStateLabels[event.to];
}

function who(event: TicketEventView, ticket: Ticket): string {
  const role = actorRoleLabels[event.actorRole];
  if (event.actorName) return `${role} ${event.actorName}`;
  // the owner's own report: their name, as the page always showed it
  if (event.action === 'submit' && ticket.reporterName) return ticket.reporterName;
  return role;
}

/** Who did what, when — newest first, as the owner reads the story of their request. */
export function Timeline({ ticket }: { ticket: Ticket }) {
  const events = [...ticket.events].reverse();
  // tickets stored before the report was an event of its own begin with their creation time
  const reported = ticket.events.some((e) => e.action === 'submit');
  return (
    <View className="timeline">
      {events.map((event, index) => (
        <View key={`${event.at}-${index}`} className={`timeline__event ${index === 0 ? 'timeline__event--latest' : ''}`}>
          <View className="timeline__dot" />
          <View className="timeline__what">{eventTitle(event, ticket)}</View>
          <View className="timeline__who">
            {who(event, ticket)} · {fullTime(event.at)}
          </View>
          {event.note ? <View className="timeline__note">{event.note}</View> : null}
        </View>
      ))}
      {reported ? null : (
        <View className={`timeline__event ${events.length === 0 ? 'timeline__event--latest' : ''}`}>
          <View className="timeline__dot" />
          <View className="timeline__what">提交{ticketKindLabels[ticket.kind]}</View>
          <View className="timeline__who">
            {ticket.reporterName ?? '业主'} · {fullTime(ticket.createdAt)}
          </View>
        </View>
      )}
    </View>
  );
}

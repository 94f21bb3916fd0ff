// What the ticket is: kind, unit, number, description and photos, who reported it (staff only) and
// who handles it; and how it ended: the resolution, the owner's rating, a staff revisit.
import { View, Text } from '@tarojs/components';
import type { Ticket } from '../../../../../types/tickets';
import {
  complaintClassLabels,
  ratingLabels,
  roleLabels as staffRoleLabels,
  revisitMethodLabels,
  severityLabels,
  ticketChannelLabels,
  ticketKindLabels,
  ticketScopeLabels,
} from '../../../../../types/labels';
import { PhotoGrid } from '../../../../components/PhotoGrid';
import { fullTime } from '../../../../utils/time';
import { ContactLine } from '../../../../components/CallButton';

/** States in which there is no one left to ring about the ticket. */
const CLOSED: readonly Ticket['state'][] = ['closed', 'cancelled', 'rejected'];
import { StateTag } from '../../shared/TicketParts';

export function TicketFacts({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  return (
    <View className="card">
      <View className="ticket-card__head">
        <Text className="ticket-card__title">
          {ticketKindLabels[ticket.kind]} · {ticket.unit}
        </Text>
        <StateTag state={ticket.state} />
      </View>
      <View className="ticket-card__line">单号 {ticket.no}</View>
      <View className="ticket-card__line">
        {ticketScopeLabels[ticket.scope]} · {severityLabels[ticket.severity]}
        {ticket.complaintClass ? ` · ${complaintClassLabels[ticket.complaintClass]}` : ''}
      </View>
      <View className="ticket-detail__description">{ticket.description}</View>
      <PhotoGrid fileIDs={ticket.photos} />
      <View className="ticket-card__line">期望上门：{ticket.preferredAt ? fullTime(ticket.preferredAt) : '尽快'}</View>
      {staff ? (
        <ContactLine className="ticket-reporter" label="报事人" name={ticket.reporterName ?? '业主'} post={ticket.reporterPhone ?? undefined} phone={ticket.reporterPhone} />
      ) : null}
      {staff && ticket.channel !== 'app' ? <View className="ticket-card__line ticket-channel">来源：{ticketChannelLabels[ticket.channel]}（管家代登记）</View> : null}
      {/* The owner rings whoever works the ticket now (the assignee, else the steward who accepted it). */}
      {!staff && ticket.contact && !CLOSED.includes(ticket.state) ? (
        <ContactLine
          className="ticket-contact"
          label={ticket.assigneeName ? '处理人' : '受理管家'}
          name={ticket.contact.name}
          post={staffRoleLabels[ticket.contact.role]}
          phone={ticket.contact.phone}
        />
      ) : (
        <View className="ticket-card__line">处理人：{ticket.assigneeName ?? '待派单'}</View>
      )}
      {ticket.developerFollowUp ? <View className="ticket-card__line">由开发商维修，管家跟进</View> : null}
    </View>
  );
}

export function TicketOutcome({ ticket }: { ticket: Ticket }) {
  return (
    <>
      {ticket.resolution ? (
        <>
          <View className="section-title">处理结果</View>
          <View className="card ticket-resolution">
            <View className="ticket-detail__description">{ticket.resolution.note}</View>
            <PhotoGrid fileIDs={ticket.resolution.photos} />
            <View className="ticket-card__line">
              {ticket.assigneeName ? `${ticket.assigneeName} · ` : ''}
              {fullTime(ticket.resolution.at)}
            </View>
          </View>
        </>
      ) : null}

      {ticket.rating ? (
        <>
          <View className="section-title">业主评价</View>
          <View className="card ticket-rating">
            <Text className="star star--on">{'★'.repeat(ticket.rating.score)}</Text>
            <Text className="ticket-rating__label"> {ratingLabels[ticket.rating.score]}</Text>
            {ticket.rating.comment ? <View className="ticket-card__line">{ticket.rating.comment}</View> : null}
          </View>
        </>
      ) : null}
      {ticket.revisit && ticket.revisit.method !== 'online' ? (
        <View className="card ticket-card__line">
          {revisitMethodLabels[ticket.revisit.method]} · {fullTime(ticket.revisit.at)}
          {ticket.revisit.score ? ` · ${ticket.revisit.score} 分` : ''}
          {ticket.revisit.note ? `：${ticket.revisit.note}` : ''}
        </View>
      ) : null}
    </>
  );
}

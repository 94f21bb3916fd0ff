// Who hears about an order, and what they read. Every message goes through notify (inbox first, a
// subscription message while a grant lasts). A failed notice never undoes the change it reports
// (core/workflow/notices.ts).
import { orderStateLabels } from '../../../types/labels';
import type { StaffRole } from '../../../types/enums';
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { type NoticeOutcome, tellAfterWrite, tellStaffAlert } from '../workflow/notices';
import type { OrderDoc } from './model';

export const orderPage = (id: string) => `/packages/order/detail/index?id=${id}`;

/** The booker hears of each step of their order (订单状态通知). */
export function tellBooker(database: Database, order: OrderDoc, body: string, now: Date): Promise<NoticeOutcome> {
  if (order.booker === 'erased') return Promise.resolve({ sent: 0, failed: 0 });
  return tellAfterWrite(
    database,
    'orders',
    `booker ${order._id}`,
    () => [
      {
        openid: order.booker,
        template: 'orderStatus',
        title: `${order.item.name} ${orderStateLabels[order.state]}`,
        body,
        // before a ranged line is quoted the amount is not known: the template shows ¥0.00 and the text says so
        values: { no: order.no, item: order.item.name, state: orderStateLabels[order.state], amount: order.amountFen ?? 0, at: now },
        page: orderPage(order._id),
      },
    ],
    now,
  );
}

/** Staff are told something needs them (待办提醒). */
export function tellStaff(database: Database, openids: Iterable<string>, order: OrderDoc, title: string, body: string, due: Date, now: Date): Promise<NoticeOutcome> {
  return tellStaffAlert(
    database,
    'orders',
    openids,
    { id: order._id, title, body, subject: `${order.unit} ${order.item.name}：${title}`, no: order.no, due, page: orderPage(order._id) },
    now,
  );
}

/** Active staff of a community by their post's role. */
export async function staffOfCommunity(database: Database, communityId: string, roles: readonly StaffRole[]): Promise<StaffDoc[]> {
  const found = await database
    .collection<StaffDoc>('staff')
    .where({ communityId, role: database.command.in([...roles]), active: true })
    .limit(100)
    .get();
  return found.data;
}

/** Who picks up a new booking: the duty stewards and the building's area steward. */
export async function stewardsForBuilding(database: Database, communityId: string, building: string): Promise<string[]> {
  const stewards = await staffOfCommunity(database, communityId, ['steward']);
  const chosen = stewards.filter((s) => s.kind === 'duty' || s.buildings.includes(building));
  return (chosen.length > 0 ? chosen : stewards).map((s) => s.openid);
}

/** Money that needs a person (a wrong amount, a second payment, a failed refund): duty stewards and leads. */
export async function moneyPeople(database: Database, communityId: string): Promise<string[]> {
  const staff = await staffOfCommunity(database, communityId, ['steward', 'lead']);
  return staff.filter((s) => s.role === 'lead' || s.kind === 'duty').map((s) => s.openid);
}

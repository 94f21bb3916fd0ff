import { ordersActionTable } from '../core/orders/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('orders', ordersActionTable);

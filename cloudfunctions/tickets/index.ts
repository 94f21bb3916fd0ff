import { ticketsActionTable } from '../core/tickets/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('tickets', ticketsActionTable);

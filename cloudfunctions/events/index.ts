import { eventsActionTable } from '../core/events/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('events', eventsActionTable);

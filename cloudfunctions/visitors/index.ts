import { visitorsActionTable } from '../core/visitors/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('visitors', visitorsActionTable);

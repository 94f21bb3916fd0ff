import { patrolActionTable } from '../core/patrol/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('patrol', patrolActionTable);

import { passesActionTable } from '../core/passes/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('passes', passesActionTable);

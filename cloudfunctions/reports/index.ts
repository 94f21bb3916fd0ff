import { reportsActionTable } from '../core/reports/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('reports', reportsActionTable);

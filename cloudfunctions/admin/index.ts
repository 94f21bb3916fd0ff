import { adminActionTable } from '../core/admin/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('admin', adminActionTable);

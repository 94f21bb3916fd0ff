import { noticesActionTable } from '../core/bulletins/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('notices', noticesActionTable);

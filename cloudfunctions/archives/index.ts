import { archivesActionTable } from '../core/archives/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('archives', archivesActionTable);

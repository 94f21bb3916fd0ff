import { keysActionTable } from '../core/keys/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('keys', keysActionTable);

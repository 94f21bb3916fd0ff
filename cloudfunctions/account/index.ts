import { accountActions } from '../core/accounts/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('account', accountActions);

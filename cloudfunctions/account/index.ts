import { accountActions } from '../core/accounts/actions';
import { defineFunction } from '../core/router/router';
// Subjects that hold personal data register here so that myData/deleteMyData see them.
import '../core/tickets/privacy';
import '../core/router/retention';
import '../core/passes/privacy';
import '../core/orders/privacy';
import '../core/greetings/privacy';
import '../core/questions/privacy';

export const main = defineFunction('account', accountActions);

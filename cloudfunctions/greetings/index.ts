import { greetingsActionTable } from '../core/greetings/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('greetings', greetingsActionTable);

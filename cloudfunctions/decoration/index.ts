import { decorationActionTable } from '../core/decoration/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('decoration', decorationActionTable);

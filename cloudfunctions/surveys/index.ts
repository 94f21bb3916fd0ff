import { surveysActionTable } from '../core/surveys/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('surveys', surveysActionTable);

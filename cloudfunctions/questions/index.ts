import { questionsActionTable } from '../core/questions/actions';
import { defineFunction } from '../core/router/router';

export const main = defineFunction('questions', questionsActionTable);

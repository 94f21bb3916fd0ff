// How surveys, answers, follow-ups and household visits are stored. Times are Date.
import type { FollowupState, FollowupStep, SurveyArea } from '../../../types/surveys';

export interface SurveyDoc {
  /** `<community>:<quarter>`: one survey per community and quarter */
  _id: string;
  communityId: string;
  quarter: string;
  areas: SurveyArea[];
  state: 'open' | 'closed';
  openedAt: Date;
  openedBy: string;
}

/** One household's answer: `_id` `<survey>:<unit>` (one per household and quarter). */
export interface AnswerDoc {
  _id: string;
  surveyId: string;
  communityId: string;
  quarter: string;
  unit: string;
  building: string;
  openid: string;
  scores: Record<string, number>;
  comment: string;
  dissatisfied: boolean;
  at: Date;
}

export interface FollowupDoc {
  /** `fu:<answer id>`: one per dissatisfied answer */
  _id: string;
  surveyId: string;
  communityId: string;
  quarter: string;
  unit: string;
  building: string;
  low: Array<{ key: string; label: string; score: number }>;
  comment: string;
  state: FollowupState;
  rev: number;
  dueAt: Date;
  steps: Array<{ step: FollowupStep; note: string; by: string; byName: string | null; at: Date }>;
  events: unknown[];
  createdAt: Date;
  updatedAt: Date;
}

export interface VisitDoc {
  _id: string;
  communityId: string;
  year: number;
  unit: string;
  building: string;
  date: string;
  notes: string;
  issues: string;
  by: string;
  byName: string | null;
  at: Date;
}

export interface SurveySettingsDoc {
  /** the community id */
  _id: string;
  areas: SurveyArea[];
  updatedAt: Date;
}

export const SURVEYS = 'surveys';
export const ANSWERS = 'surveyAnswers';
export const FOLLOWUPS = 'surveyFollowups';
export const VISITS = 'householdVisits';
export const SURVEY_SETTINGS = 'surveySettings';

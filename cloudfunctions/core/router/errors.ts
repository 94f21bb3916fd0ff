import type { ErrorCode, ReplyError } from '../../../types/envelope';
import type { z } from 'zod';

/** A failure the client is meant to see: a contract code and a readable Chinese message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toReply(): ReplyError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export const invalid = (message: string, fields?: Record<string, string>) => new AppError('INVALID_INPUT', message, fields);
export const forbidden = (message = '没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const notFound = (message = '没有找到相关记录') => new AppError('NOT_FOUND', message);
export const conflict = (message = '状态已变化，请刷新后重试') => new AppError('CONFLICT', message);

/** field path → first message, from a zod failure */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    if (!(path in fields)) fields[path] = issue.message;
  }
  return fields;
}

import { z } from 'zod';

/** The contract's error codes (SPEC §10). */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Chinese text shown to people for each code when the server's message is not more specific. */
export const errorLabels: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关记录',
  CONFLICT: '状态已变化，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export const ReplyError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** field path (dotted) → what is wrong with it; only for INVALID_INPUT */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ReplyError = z.infer<typeof ReplyError>;

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };

/** What a client sends as `data` in `callFunction({ name, data })`. */
export const CallData = z.object({
  action: z.string().min(1),
  input: z.unknown().optional(),
  /** client-made unique id that makes a create idempotent */
  requestId: z.string().min(8).max(64).optional(),
});
export type CallData = z.infer<typeof CallData>;

import { z } from 'zod';

/** The contract's error codes (SPEC §10). */
export const ErrorCode = z.enum(['INVALID_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL']);
export type ErrorCode = z.infer<typeof ErrorCode>;

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

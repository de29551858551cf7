import { z } from 'zod';

/**
 * The one IPC contract between the renderer and the engine: every call is
 * declared here with zod schemas, and main validates each payload before acting.
 */
export const ledgerSummarySchema = z.object({ file: z.string(), schema: z.number().int().optional(), devices: z.number().int().optional(), error: z.string().optional() });
export const appInfoSchema = z.object({ name: z.string(), version: z.string(), node: z.string(), ledger: ledgerSummarySchema });
export type AppInfo = z.infer<typeof appInfoSchema>;

export const calls = {
  'app.info': { request: z.object({}).strict(), response: appInfoSchema },
} as const;

export type CallName = keyof typeof calls;
export type CallRequest<C extends CallName> = z.infer<(typeof calls)[C]['request']>;
export type CallResponse<C extends CallName> = z.infer<(typeof calls)[C]['response']>;

/** Why main refused or failed a call; all the renderer ever learns of an error (no stack). */
export const callErrorCodes = ['refused', 'unknown-call', 'bad-request', 'bad-response', 'failed'] as const;
export interface CallError {
  code: (typeof callErrorCodes)[number];
  message: string;
}

/** What crosses IPC for every call: the response, or the error as plain data. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: CallError };

/** What the preload exposes as window.bench; a failed call rejects with a CallError. */
export interface BenchBridge {
  call<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>>;
}

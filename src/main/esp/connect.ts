import { espError } from './errors.js';
import { sync, type SyncResult } from './commands.js';
import type { Protocol } from './protocol.js';
import { runReset, type ResetStrategy } from './reset.js';

export interface ConnectPlan {
  strategies: readonly ResetStrategy[];
  attempts: number;
  /** SYNC tries after each reset. */
  syncTries: number;
  onAttempt?: (attempt: number, strategy: ResetStrategy) => void;
  /** How reset sequences wait (tests pass a no-op). */
  pause?: (ms: number) => Promise<void>;
}

/**
 * Resets into the bootloader and syncs, cycling through the reset strategies over the
 * attempts. A port without modem lines is remembered and not reset again.
 */
export async function connectBootloader(protocol: Protocol, plan: ConnectPlan): Promise<SyncResult> {
  const transport = protocol.transport;
  let modemLines = true;
  for (let attempt = 0; attempt < plan.attempts; attempt++) {
    const strategy = plan.strategies[attempt % plan.strategies.length]!;
    plan.onAttempt?.(attempt, strategy);
    transport.context.step = 'connect';
    await transport.discardInput();
    if (modemLines && strategy.steps.length > 0) modemLines = await runReset(transport, strategy, plan.pause);
    transport.context.step = 'sync';
    for (let i = 0; i < plan.syncTries; i++) {
      const result = await sync(protocol);
      if (result) return result;
    }
  }
  const bootLog = transport.bootLog().trim();
  throw espError('no-answer', 'sync', protocol.port, `no answer from the bootloader on ${protocol.port} after ${plan.attempts} attempts`, bootLog ? { bootLog } : {});
}

import { useState } from 'react';
import type { OperatorState } from '../../../shared/api';
import { call, errorText } from '../bridge';
import { PassphraseDialog } from './PassphraseDialog';

/**
 * The top bar's operator-mode switch. Locking the first time sets the
 * engineer's passphrase; unlocking asks for it.
 */
export function OperatorButton({ state, onChange, onError }: { state: OperatorState | undefined; onChange: (state: OperatorState) => void; onError: (message: string) => void }) {
  const [dialog, setDialog] = useState<'set' | 'unlock' | undefined>();
  const [busy, setBusy] = useState(false);

  const lock = async (passphrase?: string) => {
    const next = await call('operator.lock', passphrase === undefined ? {} : { passphrase });
    onChange(next);
    setDialog(undefined);
  };
  const unlock = async (passphrase: string) => {
    const next = await call('operator.unlock', { passphrase });
    onChange(next);
    setDialog(undefined);
  };
  const press = async () => {
    if (!state) return;
    if (state.locked) return setDialog('unlock');
    if (!state.passphraseSet) return setDialog('set');
    setBusy(true);
    try {
      await lock();
    } catch (failure) {
      onError(`Could not lock: ${errorText(failure)}`);
    } finally {
      setBusy(false);
    }
    return undefined;
  };

  const locked = state?.locked ?? false;
  return (
    <>
      <button type="button" className={`operator-button${locked ? ' is-locked' : ''}`} onClick={press} disabled={!state || busy} title={locked ? 'Operator mode: the job and the settings are locked' : 'Lock the job and the settings for the operator'}>
        <span aria-hidden="true" className="operator-icon" />
        {locked ? 'Operator mode — unlock…' : 'Lock for operator'}
      </button>
      {dialog && <PassphraseDialog purpose={dialog} onSubmit={dialog === 'unlock' ? unlock : lock} onCancel={() => setDialog(undefined)} />}
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { errorText } from '../bridge';
import { Modal } from './Modal';

export const MIN_PASSPHRASE = 8;

/**
 * Asks for the engineer's passphrase: twice, to set it (the first lock), or
 * once, to unlock. A refusal from main is shown in the dialog, which stays open.
 */
export function PassphraseDialog({ purpose, onSubmit, onCancel }: { purpose: 'set' | 'unlock'; onSubmit: (passphrase: string) => Promise<void>; onCancel: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (purpose === 'set') {
      if (passphrase.length < MIN_PASSPHRASE) return setProblem(`The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
      if (passphrase !== again) return setProblem('The two passphrases differ: type the same one twice.');
    } else if (!passphrase) {
      return setProblem("Type the engineer's passphrase.");
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await onSubmit(passphrase);
    } catch (failure) {
      setProblem(errorText(failure));
      setBusy(false);
    }
    return undefined;
  };

  return (
    <Modal title={purpose === 'set' ? "Set the engineer's passphrase" : 'Unlock the settings'} onCancel={onCancel}>
      <form onSubmit={submit} noValidate>
        <p className="modal-text">
          {purpose === 'set'
            ? `Operator mode locks the job and the bench settings. Choose the passphrase an engineer will type to unlock them (at least ${MIN_PASSPHRASE} characters).`
            : "Type the engineer's passphrase to change the job and the bench settings."}
        </p>
        <label className="field">
          <span>Passphrase</span>
          <input type="password" autoComplete={purpose === 'set' ? 'new-password' : 'current-password'} value={passphrase} onChange={(event) => setPassphrase(event.target.value)} autoFocus aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'passphrase-problem' : undefined} />
        </label>
        {purpose === 'set' && (
          <label className="field">
            <span>Passphrase again</span>
            <input type="password" autoComplete="new-password" value={again} onChange={(event) => setAgain(event.target.value)} />
          </label>
        )}
        {problem && (
          <p id="passphrase-problem" className="message message-error" role="alert">
            {problem}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {purpose === 'set' ? 'Set and lock' : 'Unlock'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

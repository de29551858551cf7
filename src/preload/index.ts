import { contextBridge, ipcRenderer } from 'electron';
import type { BenchBridge, CallName, CallOutcome, CallRequest, CallResponse } from '../shared/api.js';

/** Main answers every call with a CallOutcome; a failure rejects with its plain { code, message }. */
async function call<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>> {
  const outcome = (await ipcRenderer.invoke(name, request)) as CallOutcome;
  if (!outcome.ok) throw outcome.error;
  return outcome.value as CallResponse<C>;
}

const bench: BenchBridge = { call };

contextBridge.exposeInMainWorld('bench', bench);

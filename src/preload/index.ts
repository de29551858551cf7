import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppEvent, BenchBridge, CallName, CallOutcome, CallRequest, CallResponse } from '../shared/api.js';

// Not imported from api.ts: that would bundle zod into the preload. A test keeps the two the same.
const EVENTS_CHANNEL = 'app.events';

/** Main answers every call with a CallOutcome; a failure rejects with its plain { code, message }. */
async function call<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>> {
  const outcome = (await ipcRenderer.invoke(name, request)) as CallOutcome;
  if (!outcome.ok) throw outcome.error;
  return outcome.value as CallResponse<C>;
}

/** The page gets the event batches, never the IPC event (which would hand it the sender). */
function subscribe(listener: (events: AppEvent[]) => void): () => void {
  const forward = (_event: IpcRendererEvent, events: AppEvent[]): void => listener(events);
  ipcRenderer.on(EVENTS_CHANNEL, forward);
  return () => void ipcRenderer.off(EVENTS_CHANNEL, forward);
}

const bench: BenchBridge = { call, subscribe };

contextBridge.exposeInMainWorld('bench', bench);

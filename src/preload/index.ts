import { contextBridge, ipcRenderer } from 'electron';
import type { BenchBridge } from '../shared/api.js';

const bench: BenchBridge = {
  call: (name, request) => ipcRenderer.invoke(name, request),
};

contextBridge.exposeInMainWorld('bench', bench);

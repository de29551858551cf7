import { BrowserWindow } from 'electron';
import type { SystemPrintBackend } from './labels/index.js';

/**
 * System printers through Electron: the label's SVG in a hidden, sandboxed
 * window with nothing but the image, printed silently on the named printer
 * at the label's page size (Electron takes microns).
 */
export const electronPrintBackend: SystemPrintBackend = {
  async printSvg({ device, svg, widthMm, heightMm }) {
    const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    try {
      const page = `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><style>@page{margin:0}html,body{margin:0}img{display:block;width:${widthMm}mm;height:${heightMm}mm}</style><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
      await window.loadURL(`data:text/html;base64,${Buffer.from(page).toString('base64')}`);
      await new Promise<void>((resolve, reject) =>
        window.webContents.print(
          { silent: true, deviceName: device, printBackground: true, margins: { marginType: 'none' }, pageSize: { width: Math.round(widthMm * 1000), height: Math.round(heightMm * 1000) } },
          (success, reason) => (success ? resolve() : reject(new Error(`the system printer "${device}" did not print: ${reason}`))),
        ),
      );
    } finally {
      window.destroy();
    }
  },
};

/**
 * The application menu as plain data; index.ts hands it to
 * Menu.buildFromTemplate. The type is the part of Electron's
 * MenuItemConstructorOptions we use, so this file needs no electron.
 */
export interface MenuItem {
  label?: string;
  role?: 'appMenu' | 'quit' | 'reload' | 'forceReload' | 'toggleDevTools' | 'about' | 'editMenu';
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export interface MenuContext {
  /** Reload and devtools exist only in development, never on the line. */
  dev: boolean;
  platform: NodeJS.Platform;
}

export interface MenuActions {
  openJob: () => void;
}

export function menuTemplate(context: MenuContext, actions: MenuActions): MenuItem[] {
  const mac = context.platform === 'darwin';
  const file: MenuItem = {
    label: 'File',
    submenu: [
      { label: 'Open job…', accelerator: 'CmdOrCtrl+O', click: actions.openJob },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItem[] = context.dev ? [{ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] }] : [];
  // macOS puts About and Quit in the application menu; the edit menu keeps copy and paste working there.
  const help: MenuItem = { label: 'Help', submenu: [{ role: 'about' }] };
  return mac ? [{ role: 'appMenu' }, file, { role: 'editMenu' }, ...view, help] : [file, ...view, help];
}

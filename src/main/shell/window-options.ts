/** The main window's options: isolated, sandboxed, no Node, no webview; devtools only in development. */
export function mainWindowOptions(options: { preload: string; dev: boolean }) {
  return {
    width: 1280,
    height: 800,
    show: false,
    title: 'Factory Bench',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: options.dev,
    },
  } as const;
}

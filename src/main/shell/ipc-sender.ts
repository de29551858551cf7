import { isAppUrl } from './csp.js';

/** What main knows of the frame an IPC message came from. */
export interface SenderFacts {
  /** The frame's URL; undefined when the frame is gone (navigated away or destroyed). */
  url: string | undefined;
  /** Whether it is the main frame of our window's web contents. */
  isMainFrame: boolean;
}

/** A frame as Electron gives it (WebFrameMain); only what the check reads. */
export interface FrameLike {
  readonly url: string;
}

/**
 * The facts about a sender frame. senderFrame is null once the frame is
 * gone, and reading a disposed frame throws: both count as gone.
 */
export function senderFacts(senderFrame: FrameLike | null | undefined, mainFrame: FrameLike | undefined): SenderFacts {
  if (!senderFrame || !mainFrame) return { url: undefined, isMainFrame: false };
  try {
    return { url: senderFrame.url, isMainFrame: senderFrame === mainFrame };
  } catch {
    return { url: undefined, isMainFrame: false };
  }
}

/** IPC is accepted only from our window's main frame, showing our own page. */
export function isTrustedSender(facts: SenderFacts, appUrl: string): boolean {
  return facts.isMainFrame && facts.url !== undefined && isAppUrl(facts.url, appUrl);
}

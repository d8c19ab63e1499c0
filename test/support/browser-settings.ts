// Settings of the browser tests (the auditor's desk), read from the environment once.
import { accessSync, constants } from 'node:fs';

export interface BrowserSettings {
  /** `CHROMIUM_PATH` (default `/usr/bin/chromium`, Debian's `chromium` package). */
  chromiumPath: string;
  /** `AUDIT_DESK_SCREENSHOT=1`: the desk test saves `docs/auditor-desk.png`. */
  saveScreenshot: boolean;
}

export function loadBrowserSettings(env: NodeJS.ProcessEnv = process.env): BrowserSettings {
  const flag = env.AUDIT_DESK_SCREENSHOT ?? '';
  if (!['', '0', '1'].includes(flag)) throw new Error(`AUDIT_DESK_SCREENSHOT must be 0 or 1, got "${flag}"`);
  return { chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium', saveScreenshot: flag === '1' };
}

/** Fails loudly (never skips) when the browser is not installed. */
export function requireChromium(path: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`Chromium is not at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return path;
}

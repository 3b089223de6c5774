/**
 * Launches Debian's Chromium through playwright-core for the code-server test runners
 * (no browser download), and logs a page's console and errors to a file.
 */
import * as fs from 'node:fs';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's Chromium, or $NNSPEC_CHROMIUM. */
export function chromiumPath(): string {
  const p = process.env.NNSPEC_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}: run scripts/install-debian-deps.sh`);
  return p;
}

/** Headless Chromium with the flags this offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: process.env.NNSPEC_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh browser context (own storage, so nothing carries over between test files).
 * It asks for uncompressed responses: code-server compresses its ~11 MB workbench
 * bundle on every request, which costs seconds on a 2-core machine; on loopback
 * uncompressed is much faster.
 */
export function newContext(browser: Browser, viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, extraHTTPHeaders: { 'Accept-Encoding': 'identity' } });
}

/** Appends the page's console messages, page errors and crashes to a log file. */
export function logPageConsole(page: Page, logFile: string, tag = 'browser'): void {
  const write = (line: string) => {
    try {
      fs.appendFileSync(logFile, `[${tag} ${new Date().toISOString()}] ${line}\n`);
    } catch {
      /* log dir gone */
    }
  };
  page.on('console', (m) => write(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => write(`pageerror: ${e.stack ?? e.message}`));
  page.on('crash', () => write('page crashed'));
}

/**
 * Starts code-server and Debian's Chromium side by side (each takes seconds) for the two code-server
 * runners; if either fails to start, the other is shut down again and the error is thrown.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { CodeServer, CodeServerOptions, startCodeServer } from './codeServer';

export interface ServerAndBrowser {
  server: CodeServer;
  browser: Browser;
  /** Closes the browser, then stops code-server and its children. */
  close(): Promise<void>;
}

export async function startServerAndBrowser(opts: CodeServerOptions): Promise<ServerAndBrowser> {
  const [s, b] = await Promise.allSettled([startCodeServer(opts), launchBrowser()]);
  if (s.status === 'rejected' || b.status === 'rejected') {
    if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
    if (s.status === 'fulfilled') await s.value.stop();
    throw s.status === 'rejected' ? s.reason : (b as PromiseRejectedResult).reason;
  }
  const server = s.value;
  const browser = b.value;
  return {
    server,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

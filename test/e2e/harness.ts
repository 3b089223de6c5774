/**
 * The e2e session shared by every *.e2e.ts file: the code-server (with the packaged
 * .vsix installed) and the Chromium that runE2E.ts started, where screenshots go, and
 * the workbench pages that are open (so a failing test gets a screenshot of each).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CodeServer } from '../support/codeServer';

export interface E2ESession {
  server: CodeServer;
  browser: Browser;
  /** test-results/e2e: screenshots and logs. */
  outDir: string;
  /** code-server's and the browsers' console log. */
  logFile: string;
}

let current: E2ESession | undefined;
const openPages = new Set<Page>();

export function setSession(s: E2ESession | undefined): void {
  current = s;
}

/** The running session; only available while runE2E.ts runs the e2e files. */
export function session(): E2ESession {
  if (!current) throw new Error('no e2e session: run the e2e tests with `npm run test:e2e` (out/test/e2e/runE2E.js)');
  return current;
}

export function trackPage(page: Page): void {
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
}

/** A file name made of a test's title. */
export function slug(title: string): string {
  return (
    title
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'shot'
  );
}

/** Saves a full-page screenshot to test-results/e2e/NAME.png and returns its path. */
export async function screenshotPage(page: Page, name: string): Promise<string> {
  const file = path.join(session().outDir, `${slug(name)}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** Mocha root hook: a screenshot of every open workbench when a test fails. */
export async function screenshotOnFailure(title: string): Promise<void> {
  let i = 0;
  for (const page of openPages) {
    const name = `FAILED-${slug(title)}${i++ ? `-${i}` : ''}`;
    try {
      const file = await screenshotPage(page, name);
      console.log(`      screenshot: ${path.relative(process.cwd(), file)}`);
    } catch {
      /* page already gone */
    }
  }
}

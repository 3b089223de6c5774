/**
 * Drives the VS Code workbench (code-server 4.100 / VS Code 1.100) in Chromium the way a
 * person does, for the e2e tests: open a file from the Explorer by clicking it, wait for
 * its editor, run a command from the Command Palette, hover text or a decoration, read the
 * editor, the hover, CodeLens, the Problems panel, notifications and the panel webview, pick
 * a colour theme, make room (side bar, bottom panel), and take screenshots.
 *
 *   const wb = await openWorkbench();           // fresh browser context, workspace copy
 *   await wb.openFile('xor.nnspec');
 *   expect(await wb.codeLensTexts()).toContain(...)
 *   await wb.screenshot('xor-open');             // test-results/e2e/xor-open.png
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { logPageConsole, newContext } from '../support/browser';
import { workbenchUrl } from '../support/codeServer';
import { screenshotPage, session, trackPage } from './harness';

/** VS Code renders spaces in editor lines as U+00A0. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly folder: string,
  ) {}

  /** The workspace folder (a temp copy of examples/) on disk. */
  filesInWorkspace(): string[] {
    return fs
      .readdirSync(this.folder)
      .filter((f) => fs.statSync(path.join(this.folder, f)).isFile())
      .sort();
  }

  /** Explorer row of a top-level file or folder. */
  explorerItem(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
  }

  /** Clicks the file in the Explorer and waits for its editor tab to be active. */
  async openFile(name: string): Promise<void> {
    const row = this.explorerItem(name);
    if (!(await row.isVisible())) await this.page.keyboard.press('Control+Shift+E');
    await row.click();
    await this.waitForEditor(name);
  }

  /** The active editor tab. */
  activeTab(): Locator {
    return this.page.locator('.part.editor .tabs-container .tab.active');
  }

  /** The label of the active editor tab ('' if none). */
  async activeTabName(): Promise<string> {
    const label = this.activeTab().locator('.label-name').first();
    return (await label.count()) ? plain((await label.innerText()).trim()) : '';
  }

  /**
   * Waits until NAME is the active tab and its editor shows text. The whole label must match: the
   * panel's tab beside it ("Network · NAME") is active in its own group too.
   */
  async waitForEditor(name: string, timeoutMs = 30_000): Promise<void> {
    await this.page
      .locator('.part.editor .tabs-container .tab.active .label-name', {
        hasText: new RegExp(`^${escapeRegExp(name)}$`),
      })
      .waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activeEditor()
      .locator('.view-lines .view-line')
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** The active text editor. */
  activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** The lines of the active editor that are on screen (the editor renders no others). */
  async editorText(): Promise<string> {
    const lines = await this.activeEditor()
      .locator('.view-lines .view-line')
      .evaluateAll((els) =>
        els
          .map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text),
      );
    return plain(lines.join('\n'));
  }

  /** Types F1, the command's label, and Enter, as a person does in the Command Palette. */
  async runCommand(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await input.waitFor({ state: 'hidden' });
  }

  /** Moves the mouse over the first on-screen occurrence of TEXT in the editor; returns the hover's text. */
  async hover(text: string, timeoutMs = 15_000): Promise<string> {
    const token = this.activeEditor().locator('.view-lines .view-line span span', { hasText: text }).first();
    await token.hover();
    return this.hoverText(timeoutMs);
  }

  /**
   * Moves the mouse to the middle of a decoration (e.g. '.squiggly-error', which lies under the
   * text layer, so it is located by its box) and returns the hover's text.
   */
  async hoverOver(decoration: Locator, timeoutMs = 15_000): Promise<string> {
    const box = await decoration.boundingBox();
    if (!box) throw new Error('the decoration is not on screen');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 3);
    return this.hoverText(timeoutMs);
  }

  /** The text of the editor hover on screen, once there is one. */
  private async hoverText(timeoutMs: number): Promise<string> {
    const hover = this.page
      .locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents')
      .first();
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    await fadedIn(hover);
    return plain(await hover.innerText());
  }

  /**
   * The CodeLens rows' texts in the active editor, in DOM order, whitespace collapsed
   * (e.g. 'Forward | Backward | Train', 'dense 2 → 3 · 6 params'). Waits for at least one.
   */
  async codeLensTexts(timeoutMs = 60_000): Promise<string[]> {
    const lenses = this.activeEditor().locator('.codelens-decoration');
    await lenses.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return (await lenses.allInnerTexts()).map((t) => plain(t).replace(/\s+/g, ' ').trim());
  }

  /**
   * Clicks the CodeLens command whose text contains TEXT (e.g. 'Forward') in the active text
   * editor, or, when the active group shows no text editor (e.g. the user last clicked in a
   * webview beside it), in the text editor on screen.
   */
  async clickCodeLens(text: string): Promise<void> {
    const editor = (await this.activeEditor().count())
      ? this.activeEditor()
      : this.page.locator('.part.editor .monaco-editor').first();
    await editor.locator('.codelens-decoration a', { hasText: text }).first().click();
  }

  /** The texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts()).map(plain);
  }

  /** The content of the webview panel whose tab title contains TITLE (VS Code nests two iframes). */
  webview(title?: string): FrameLocator {
    const frames = this.page.locator(title ? `iframe.webview.ready[title*="${title}"]` : 'iframe.webview.ready');
    return frames.first().contentFrame().frameLocator('iframe#active-frame');
  }

  /** The text of the status bar (e.g. the language mode). */
  async statusBarText(): Promise<string> {
    return plain(await this.page.locator('.part.statusbar').innerText());
  }

  /**
   * Picks a colour theme the way a person does: Command Palette → "Preferences: Color Theme",
   * then a click on the theme's label as the picker lists it ('Dark Modern', 'Light Modern').
   * Waits until the workbench is drawn in it and returns its kind ('vs' light, 'vs-dark' dark).
   */
  async setColorTheme(label: string, timeoutMs = 60_000): Promise<'vs' | 'vs-dark' | 'hc-black' | 'hc-light'> {
    const input = this.page.locator('.quick-input-widget input.input');
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const picker = this.page.locator('.quick-input-widget input.input[placeholder^="Select Color Theme"]');
    const row = rows
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill('>Preferences: Color Theme');
      await rows.filter({ hasText: 'Preferences: Color Theme' }).first().click();
      await picker.waitFor({ state: 'visible' });
      // The built-in themes come from extensions: while they are still being activated the
      // picker lists none (and does not update), so ask again. Typing would search the
      // marketplace (offline here), so the theme is clicked in the list.
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
      }
    }
    await row.click();
    await input.waitFor({ state: 'hidden' });
    const kind = /high contrast/i.test(label)
      ? /light/i.test(label)
        ? 'hc-light'
        : 'hc-black'
      : /light/i.test(label)
        ? 'vs'
        : 'vs-dark';
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ state: 'attached', timeout: timeoutMs });
    return kind;
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its text once it lists something matching PATTERN. */
  async problems(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    const row = panel.locator('.monaco-list-row', { hasText: pattern }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return plain(await panel.innerText());
  }

  /** Hides the bottom panel (Problems, Output…) if it is open, e.g. so a screenshot shows more of the editors. */
  async hideBottomPanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (await panel.isVisible()) await this.runCommand('View: Hide Panel');
    await panel.waitFor({ state: 'hidden' });
  }

  /** Shows or hides the primary side bar (the Explorer) with its menu command, so a screenshot has room. */
  async setSideBarVisible(visible: boolean): Promise<void> {
    const bar = this.page.locator('.part.sidebar');
    if ((await bar.isVisible()) !== visible) await this.runCommand('View: Toggle Primary Side Bar Visibility');
    await bar.waitFor({ state: visible ? 'visible' : 'hidden' });
  }

  /** Saves test-results/e2e/NAME.png; returns its path. */
  screenshot(name: string): Promise<string> {
    return screenshotPage(this.page, name);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}

/** Polls FN until it returns a truthy value (returned) or the time is up (throws with WHAT and the last value). */
export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)}${lastError ? `, error: ${String(lastError)}` : ''})`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits (up to a second) until the element and its ancestors are fully opaque, e.g. after a hover's fade-in. */
export async function fadedIn(el: Locator): Promise<void> {
  await el.evaluate(async (node) => {
    const opaque = () => {
      for (let e: Element | null = node; e; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false;
      return true;
    };
    const until = performance.now() + 1000;
    while (!opaque() && performance.now() < until) await new Promise((r) => requestAnimationFrame(r));
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens the workbench on the session's workspace in a fresh browser context (its own
 * storage, so nothing carries over from another test file) and waits until the
 * Explorer lists the folder.
 */
export async function openWorkbench(timeoutMs = 90_000): Promise<Workbench> {
  const { server, browser, logFile } = session();
  const context = await newContext(browser);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  logPageConsole(page, logFile);
  trackPage(page);
  await page.goto(workbenchUrl(server));
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page
    .locator('.explorer-folders-view .monaco-list-row')
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
  return new Workbench(page, context, server.folder);
}

/**
 * The "nnspec" Output channel: the CLI's human-readable text of each run. Keeps the recent text too,
 * so the extension's API (and its tests) can read what the user sees there.
 */
import * as vscode from 'vscode';

const KEEP_CHARS = 200_000;

export class Output implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('nnspec');
  private text = '';
  private shown = false;

  /**
   * Appends a titled block: "── Backward · worked.nnspec ──" and the text. The channel is brought
   * into view the first time only, so later runs do not keep shrinking the editor and the panel.
   */
  block(title: string, body: string, reveal = true): void {
    this.append(`── ${title} · ${new Date().toLocaleTimeString()} ──\n${body.replace(/\s+$/, '')}\n\n`);
    if (reveal && !this.shown) {
      this.shown = true;
      this.channel.show(true);
    }
  }

  line(text: string): void {
    this.append(text + '\n');
  }

  private append(s: string): void {
    this.channel.append(s);
    this.text = (this.text + s).slice(-KEEP_CHARS);
  }

  /** The recent contents of the channel. */
  contents(): string {
    return this.text;
  }

  dispose(): void {
    this.channel.dispose();
  }
}

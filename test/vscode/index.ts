/**
 * The extension-tests module VS Code loads in its extension host (extensionTestsPath):
 * runs mocha over out/test/vscode/**\/*.test.js there and writes the outcome to the
 * results file (see results.ts) for the runner outside to print. Used by both
 * runInCodeServer.ts (code-server + Chromium) and runElectron.ts (desktop VS Code).
 * $NNSPEC_VSCODE_GREP, if set, runs only the tests whose title matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadMocha } from '../support/loadMocha';
import { resultsFile, TestOutcome, TestResults, writeResults } from './results';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function findTestFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  const file = resultsFile(REPO_ROOT);
  const tests: TestOutcome[] = [];
  try {
    const Mocha = loadMocha();
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
    if (process.env.NNSPEC_VSCODE_GREP) mocha.grep(process.env.NNSPEC_VSCODE_GREP);
    const files = findTestFiles(__dirname);
    if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
    for (const f of files) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) =>
        tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack || String(err) }),
      );
    });
  } catch (e) {
    const err = e as Error;
    tests.push({ title: 'loading or running the VS Code tests', state: 'failed', error: err?.stack || String(e) });
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  const results: TestResults = {
    passed,
    failed,
    tests,
    summary: `${passed} passed, ${failed} failed`,
    vscodeVersion: vscode.version,
  };
  writeResults(file, results);
  console.log(`[nnspec tests] ${results.summary} -> ${file}`);
  if (failed > 0) throw new Error(`${failed} VS Code test(s) failed`);
}

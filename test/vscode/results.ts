/**
 * The results file that the in-VS-Code test module (index.ts) writes and the runners
 * (runInCodeServer.ts, runElectron.ts) read and print: its shape, where it goes, and
 * how it is printed (one line per test, then exactly "N passed, N failed").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Environment variable that carries the results file's path into the extension host. */
export const RESULTS_ENV = 'NNSPEC_VSCODE_TEST_RESULTS';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export interface TestResults {
  passed: number;
  failed: number;
  tests: TestOutcome[];
  /** e.g. "3 passed, 0 failed" */
  summary: string;
  vscodeVersion?: string;
}

/** The results file path: $NNSPEC_VSCODE_TEST_RESULTS, else test-results/vscode/results.json. */
export function resultsFile(repoRoot: string): string {
  return process.env[RESULTS_ENV] || path.join(repoRoot, 'test-results', 'vscode', 'results.json');
}

/** Writes atomically, so a poller never reads half a file. */
export function writeResults(file: string, results: TestResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file);
}

export function readResults(file: string): TestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined;
  }
}

/** Prints each test, the failures' messages, and the closing "N passed, N failed" line. */
export function printResults(r: TestResults, out: (line: string) => void = console.log): void {
  for (const t of r.tests) {
    out(
      `  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`,
    );
    if (t.error)
      out(
        t.error
          .split('\n')
          .map((l) => `         ${l}`)
          .join('\n'),
      );
  }
  out(`${r.passed} passed, ${r.failed} failed`);
}

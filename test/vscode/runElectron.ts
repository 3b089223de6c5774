/**
 * Runs the same VS Code integration tests (index.ts over out/test/vscode/**\/*.test.js)
 * in desktop VS Code via @vscode/test-electron, for machines that can download VS Code
 * (this offline one cannot: use runInCodeServer.ts). Pinned to VS Code 1.100.3, like the
 * code-server runner; opens a copy of examples/ with quiet settings; prints each test
 * and "N passed, N failed". On a Linux machine without a display run it under xvfb-run.
 *
 *   node out/test/vscode/runElectron.js
 *   env: NNSPEC_VSCODE_VERSION (default 1.100.3), NNSPEC_VSCODE_GREP.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyWorkspace, makeTempDir, QUIET_SETTINGS, REPO_ROOT, writeUserSettings } from '../support/codeServer';
import { printResults, readResults, RESULTS_ENV } from './results';

async function main(): Promise<number> {
  const tmp = makeTempDir('electron-tests');
  const resultsPath = path.join(tmp, 'results.json');
  const userDataDir = path.join(tmp, 'user-data');
  writeUserSettings(userDataDir, QUIET_SETTINGS);
  try {
    const folder = copyWorkspace(tmp);
    let exitCode: number;
    try {
      exitCode = await runTests({
        version: process.env.NNSPEC_VSCODE_VERSION || '1.100.3',
        cachePath: path.join(REPO_ROOT, '.cache', 'vscode-test'),
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(__dirname, 'index.js'),
        extensionTestsEnv: { [RESULTS_ENV]: resultsPath },
        launchArgs: [
          folder,
          '--user-data-dir',
          userDataDir,
          '--extensions-dir',
          path.join(tmp, 'extensions'),
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-gpu',
          '--disable-updates',
        ],
      });
    } catch (e) {
      console.error(`[runElectron] ${(e as Error).message ?? e}`);
      exitCode = 1;
    }
    const results = readResults(resultsPath);
    if (!results) {
      console.error('[runElectron] no results from the extension host');
      console.log('0 passed, 1 failed');
      return 1;
    }
    fs.mkdirSync(path.join(REPO_ROOT, 'test-results', 'vscode'), { recursive: true });
    fs.copyFileSync(resultsPath, path.join(REPO_ROOT, 'test-results', 'vscode', 'results.json'));
    printResults(results);
    return exitCode !== 0 || results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[runElectron] ${err.stack ?? err}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);

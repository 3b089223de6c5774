/**
 * Runs the VS Code integration tests (out/test/vscode/**\/*.test.js) in a real VS Code
 * 1.100 extension host without downloading VS Code: starts code-server on 127.0.0.1,
 * opens its workbench in Debian's headless Chromium (playwright-core) with the repo as
 * extensionDevelopmentPath and out/test/vscode/index.js as extensionTestsPath, waits for
 * the results file that index.js writes, prints every test and "N passed, N failed",
 * and always kills code-server and Chromium.
 *
 *   node out/test/vscode/runInCodeServer.js
 *   env: NNSPEC_EXTENSION_PATH (default: repo root), NNSPEC_TEST_WORKSPACE (default:
 *   examples/, copied), NNSPEC_VSCODE_TIMEOUT_SEC (default 300), NNSPEC_VSCODE_GREP.
 * Log of code-server and the browser console: test-results/vscode/code-server.log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logPageConsole, newContext } from '../support/browser';
import { CodeServer, copyWorkspace, makeTempDir, remoteUri, REPO_ROOT, workbenchUrl } from '../support/codeServer';
import { startServerAndBrowser, type ServerAndBrowser } from '../support/serverAndBrowser';
import { printResults, readResults, RESULTS_ENV, TestResults } from './results';
import { runMain } from '../support/runMain';

const OUT_DIR = path.join(REPO_ROOT, 'test-results', 'vscode');
const LOG_FILE = path.join(OUT_DIR, 'code-server.log');

function log(msg: string): void {
  console.log(`[runInCodeServer] ${msg}`);
  fs.appendFileSync(LOG_FILE, `[runner ${new Date().toISOString()}] ${msg}\n`);
}

async function waitForResults(file: string, server: CodeServer, timeoutSec: number): Promise<TestResults> {
  const deadline = Date.now() + timeoutSec * 1000;
  for (;;) {
    if (fs.existsSync(file)) {
      const r = readResults(file);
      if (r) return r;
    }
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(`code-server exited before the tests finished; see ${LOG_FILE}`);
    }
    if (Date.now() > deadline) throw new Error(`no test results within ${timeoutSec} s; see ${LOG_FILE}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(LOG_FILE, '');
  const extensionPath = path.resolve(process.env.NNSPEC_EXTENSION_PATH || REPO_ROOT);
  const testsPath = path.join(__dirname, 'index.js');
  const timeoutSec = Number(process.env.NNSPEC_VSCODE_TIMEOUT_SEC || 300);
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) throw new Error(`no extension at ${extensionPath}`);
  if (!fs.existsSync(path.join(extensionPath, 'dist', 'extension.js'))) {
    log(`warning: ${path.join(extensionPath, 'dist', 'extension.js')} is missing (run npm run build)`);
  }

  const tmp = makeTempDir('vscode-tests');
  const resultsPath = path.join(tmp, 'results.json');
  let started: ServerAndBrowser | undefined;
  try {
    const folder = copyWorkspace(tmp);
    started = await startServerAndBrowser({
      folder,
      logFile: LOG_FILE,
      env: { [RESULTS_ENV]: resultsPath },
      keepLogsIn: path.join(OUT_DIR, 'vscode-logs'),
    });
    const { server, browser } = started;
    log(`code-server on ${server.origin} and Chromium up in ${Date.now() - t0} ms; workspace ${folder}`);
    const page = await (await newContext(browser)).newPage();
    logPageConsole(page, LOG_FILE);
    const url = workbenchUrl(server, [
      ['extensionDevelopmentPath', remoteUri(server, extensionPath)],
      ['extensionTestsPath', remoteUri(server, testsPath)],
    ]);
    log(`opening ${url}`);
    await page.goto(url);

    const results = await waitForResults(resultsPath, server, timeoutSec);
    log(`results after ${Date.now() - t0} ms (VS Code ${results.vscodeVersion ?? '?'})`);
    fs.copyFileSync(resultsPath, path.join(OUT_DIR, 'results.json'));
    printResults(results);
    return results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    await started?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain('runInCodeServer', main);

/**
 * Runs the end-to-end tests (out/test/e2e/**\/*.e2e.js) against the packaged extension as
 * a user gets it: installs nnspec.vsix (built by `npm run package`) into a fresh
 * extensions folder with code-server's CLI, starts code-server on a copy of examples/
 * (no extensionDevelopmentPath), launches Debian's Chromium, then runs the e2e files
 * with mocha outside VS Code; they drive the workbench through workbench.ts.
 * Prints mocha's spec report and a closing "N passed, N failed" line; exits non-zero on
 * any failure. Always stops code-server and Chromium.
 *
 *   node out/test/e2e/runE2E.js
 *   env: NNSPEC_VSIX (default: nnspec.vsix), NNSPEC_TEST_WORKSPACE (default: examples/),
 *   NNSPEC_E2E_GREP (run only matching tests), NNSPEC_HEADED=1 (show the browser).
 * Screenshots and the log (e2e.log) go to test-results/e2e/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, installVsix, makeTempDir, REPO_ROOT } from '../support/codeServer';
import { startServerAndBrowser, type ServerAndBrowser } from '../support/serverAndBrowser';
import { loadMocha } from '../support/loadMocha';
import { screenshotOnFailure, setSession } from './harness';
import { runMain } from '../support/runMain';

const OUT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
const LOG_FILE = path.join(OUT_DIR, 'e2e.log');

function log(msg: string): void {
  console.log(`[runE2E] ${msg}`);
  fs.appendFileSync(LOG_FILE, `[runner ${new Date().toISOString()}] ${msg}\n`);
}

function e2eFiles(): string[] {
  return (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.e2e.js'))
    .sort()
    .map((f) => path.join(__dirname, f));
}

async function runMocha(files: string[]): Promise<{ passed: number; failed: number }> {
  const Mocha = loadMocha();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 120_000,
    slow: 10_000,
    color: !process.env.CI && process.stdout.isTTY,
  });
  if (process.env.NNSPEC_E2E_GREP) mocha.grep(process.env.NNSPEC_E2E_GREP);
  mocha.rootHooks({
    async afterEach(this: Mocha.Context) {
      const t = this.currentTest;
      if (t && t.state === 'failed') await screenshotOnFailure(t.fullTitle());
    },
  });
  for (const f of files) mocha.addFile(f);
  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
  return { passed, failed };
}

async function main(): Promise<number> {
  const t0 = Date.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(LOG_FILE, '');
  const vsix = path.resolve(process.env.NNSPEC_VSIX || path.join(REPO_ROOT, 'nnspec.vsix'));
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: build it with \`npm run package\``);
  const files = e2eFiles();
  if (files.length === 0) throw new Error(`no *.e2e.js files under ${__dirname}`);

  const tmp = makeTempDir('e2e');
  let started: ServerAndBrowser | undefined;
  try {
    const extensionsDir = path.join(tmp, 'extensions');
    fs.mkdirSync(extensionsDir);
    installVsix(vsix, extensionsDir, LOG_FILE);
    log(`installed ${path.relative(REPO_ROOT, vsix)} in ${Date.now() - t0} ms`);
    const folder = copyWorkspace(tmp);
    // The spiral with a budget long enough to be stopped by hand (the example itself trains in seconds,
    // so a Stop click could race the run's end).
    const spiral = fs.readFileSync(path.join(folder, 'spiral.nnspec'), 'utf8');
    fs.writeFileSync(path.join(folder, 'spiral-long.nnspec'), spiral.replace(/^(\s*epochs:\s*)\d+/m, '$11000000'));
    // XOR trained, stepped and saved by model.e2e.ts, and the same spec loading the weights it saves.
    const xor = fs.readFileSync(path.join(folder, 'xor.nnspec'), 'utf8').replace(/^(\s*epochs:\s*)\d+/m, '$1200');
    fs.writeFileSync(path.join(folder, 'xor-kept.nnspec'), xor);
    fs.writeFileSync(path.join(folder, 'xor-kept-reload.nnspec'), `${xor}\nweights_file: xor-kept.weights.json\n`);
    // Seed 004's neuron at the top level, where the Explorer shows it without opening a folder.
    fs.copyFileSync(path.join(folder, 'graphs', 'sigmoid-neuron.nnspec'), path.join(folder, 'sigmoid-neuron.nnspec'));
    started = await startServerAndBrowser({
      folder,
      logFile: LOG_FILE,
      extensionsDir,
      keepLogsIn: path.join(OUT_DIR, 'vscode-logs'),
    });
    const { server, browser } = started;
    log(`code-server on ${server.origin} and Chromium up in ${Date.now() - t0} ms; workspace ${folder}`);
    setSession({ server, browser, outDir: OUT_DIR, logFile: LOG_FILE });
    const { passed, failed } = await runMocha(files);
    log(`done in ${Date.now() - t0} ms`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed > 0 || passed === 0 ? 1 : 0;
  } finally {
    setSession(undefined);
    await started?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain('runE2E', main);

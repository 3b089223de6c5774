/**
 * Starts and stops code-server (VS Code 1.100 in a browser, installed by
 * scripts/install-code-server.sh) for the VS Code and e2e test runners: free port on
 * 127.0.0.1, fresh user-data and extensions folders, quiet user settings, a copy of the
 * workspace folder, and a kill of the whole process group on stop or on exit.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file runs from out/test/support/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where scripts/install-code-server.sh puts code-server. */
export function codeServerDir(): string {
  return process.env.NNSPEC_CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'nnspec-code-server');
}

/** code-server's Node entry point; throws with the fix if it is not installed. */
export function codeServerEntry(): string {
  const entry = path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed at ${codeServerDir()}: run scripts/install-code-server.sh`);
  }
  return entry;
}

/** User settings that keep the workbench quiet and deterministic under test. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
  'editor.codeLens': true,
};

const tempDirs = new Set<string>();

/** A fresh temporary folder, removed by the caller or, at the latest, when the process exits. */
export function makeTempDir(prefix: string): string {
  installExitHook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nnspec-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/**
 * Copies the folder to open (default: the repo's examples/, or $NNSPEC_TEST_WORKSPACE)
 * into a temp folder, so tests cannot dirty the repo. Returns the copy's path.
 */
export function copyWorkspace(
  into: string,
  source = process.env.NNSPEC_TEST_WORKSPACE || path.join(REPO_ROOT, 'examples'),
): string {
  const dest = path.join(into, path.basename(source));
  if (fs.existsSync(source)) fs.cpSync(source, dest, { recursive: true });
  else fs.mkdirSync(dest, { recursive: true }); // git keeps no empty folder
  return dest;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** Folder the workbench opens. */
  folder: string;
  /** File that receives code-server's stdout and stderr (appended). */
  logFile: string;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /** Use this extensions folder (e.g. one a .vsix was installed into); default: a fresh one. */
  extensionsDir?: string;
  /** Settings merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Seconds to wait for code-server to answer (default 60). */
  startTimeoutSec?: number;
  /** On stop, copy VS Code's own logs (extension host, server) into this folder. */
  keepLogsIn?: string;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** Kills code-server and all its children (extension host, pty host, watchers). */
  stop(): Promise<void>;
}

/** Kills a detached child's whole process group, first politely, then with SIGKILL. */
async function killGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (sig: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signalGroup('SIGTERM')) return; // group already gone
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (!signalGroup(0)) return; // signal 0: does the group still exist?
  }
  signalGroup('SIGKILL');
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;
/** Last-resort cleanup: no code-server may outlive the test process. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const dir of tempDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        /* busy */
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => process.exit(130));
  }
}

/** GET url; resolves with the status code, or rejects on a connection error. */
function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

/** Writes settings.json into a user-data folder. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installVsix(vsix: string, extensionsDir: string, logFile: string): void {
  const userDataDir = makeTempDir('cs-install');
  try {
    const r = spawnSync(
      process.execPath,
      [
        codeServerEntry(),
        '--install-extension',
        vsix,
        '--force',
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        userDataDir,
        '--config',
        writeConfig(userDataDir),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    fs.appendFileSync(logFile, `[install-extension] ${r.stdout ?? ''}${r.stderr ?? ''}\n`);
    if (r.status !== 0)
      throw new Error(`code-server --install-extension ${vsix} failed (${r.status}): ${r.stdout}${r.stderr}`);
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** A config.yaml of our own, so code-server never writes ~/.config/code-server. */
function writeConfig(dir: string): string {
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, 'auth: none\ncert: false\n');
  return file;
}

/** Starts code-server on a free port and waits until it answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  installExitHook();
  const entry = codeServerEntry();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const userDataDir = makeTempDir('cs-data');
  const extensionsDir = opts.extensionsDir ?? makeTempDir('cs-ext');
  writeUserSettings(userDataDir, { ...QUIET_SETTINGS, ...opts.settings });
  const config = writeConfig(userDataDir);

  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, 'a');
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    config,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    opts.folder,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', log, log],
    detached: true, // own process group, so stop() reaches every descendant
  });
  fs.closeSync(log);
  if (child.pid !== undefined) liveGroups.add(child.pid);
  let exited: string | undefined;
  child.on('exit', (code, sig) => {
    exited = `code-server exited (${code ?? sig}); see ${opts.logFile}`;
  });

  const stop = async () => {
    await killGroup(child);
    if (child.pid !== undefined) liveGroups.delete(child.pid);
    const logs = path.join(userDataDir, 'logs');
    if (opts.keepLogsIn && fs.existsSync(logs)) {
      fs.rmSync(opts.keepLogsIn, { recursive: true, force: true });
      fs.cpSync(logs, opts.keepLogsIn, { recursive: true });
    }
    fs.rmSync(userDataDir, { recursive: true, force: true });
    if (!opts.extensionsDir) fs.rmSync(extensionsDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.startTimeoutSec ?? 60) * 1000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(exited);
    }
    try {
      if ((await httpStatus(`${origin}/healthz`)) === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${origin} in time; see ${opts.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, origin, folder: opts.folder, userDataDir, extensionsDir, process: child, stop };
}

/** A vscode-remote URI for a path on the code-server machine (as the workbench names it). */
export function remoteUri(server: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

/**
 * The workbench URL for a folder, with an optional payload (e.g. extensionDevelopmentPath
 * and extensionTestsPath, each a vscode-remote URI).
 */
export function workbenchUrl(server: CodeServer, payload?: Array<[string, string]>): string {
  const params = new URLSearchParams({ folder: server.folder });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${params.toString()}`;
}

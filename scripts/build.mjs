// Bundles the CLI, the extension, the training worker, the webview and (with --bench) the benchmark with esbuild.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const bench = process.argv.includes('--bench');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node20',
  define: { NNSPEC_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  {
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  { entryPoints: ['src/extension/trainingWorker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs' },
  // The products' helper thread (src/node/kernelThreads.ts starts it from the CLI, the worker and the bench).
  { entryPoints: ['src/node/kernelThread.ts'], outfile: 'dist/kernelThread.js', platform: 'node', format: 'cjs' },
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];
if (bench)
  entries.push({
    entryPoints: ['scripts/bench.ts'],
    outfile: 'dist/bench.js',
    platform: 'node',
    format: 'cjs',
    external: ['@tensorflow/*'],
  });

for (const e of entries) {
  const entry = e.entryPoints[0];
  if (!existsSync(entry)) continue; // parts not written yet are skipped, not faked
  await build({ ...common, ...e });
}

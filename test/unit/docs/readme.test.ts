/**
 * The README is the installed extension's Details page: every picture and file it links is in the package
 * (`vsce ls`, which applies .vscodeignore's allow-list), and it keeps to what a user needs — developer material
 * lives in DEVELOPMENT.md.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '../../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The relative targets of the README's images and links (no URLs, no in-page anchors). */
function localTargets(markdown: string): string[] {
  const targets = [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1].split('#')[0]);
  return targets.filter((t) => t !== '' && !/^[a-z]+:/i.test(t));
}

let listed: Set<string> | undefined;
/** The files of the packaged extension (`vsce ls`). */
function packagedFiles(): Set<string> {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  listed ??= new Set(
    execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return listed;
}

describe('README', () => {
  it('has its pictures, and every file it links is in the package', function () {
    this.timeout(120000);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 1, 'the README shows a picture');
    const packaged = packagedFiles();
    for (const target of localTargets(readme)) {
      assert.ok(fs.existsSync(path.join(root, target)), `${target} exists`);
      assert.ok(packaged.has(path.posix.normalize(target)), `${target} is in the package: ${[...packaged].join(' ')}`);
    }
  });

  it('every bundle the build writes (the products helper thread included) is in the package', function () {
    this.timeout(120000);
    const build = fs.readFileSync(path.join(root, 'scripts', 'build.mjs'), 'utf8');
    const bundles = [...build.matchAll(/outfile: '(dist\/[^']+\.js)'/g)]
      .map((m) => m[1])
      .filter((f) => !f.includes('bench'));
    assert.ok(bundles.includes('dist/kernelThread.js') && bundles.includes('dist/worker.js'), bundles.join(' '));
    for (const b of bundles) assert.ok(packagedFiles().has(b), `${b} is in the package`);
  });

  it('says what a user needs: install, an example command, the test command, the format; developer steps elsewhere', () => {
    for (const part of ['## Install', 'npx nnspec train examples/', '```sh\nnpm test\n```', '## The .nnspec format'])
      assert.ok(readme.includes(part), part);
    for (const dev of ['## Benchmark', '## How it is built', 'test:setup', 'code-server'])
      assert.ok(!readme.includes(dev), `${dev} belongs in DEVELOPMENT.md`);
    const development = fs.readFileSync(path.join(root, 'DEVELOPMENT.md'), 'utf8');
    for (const part of ['## Tests', '## Benchmark', '## How it is built']) assert.ok(development.includes(part), part);
    assert.ok(localTargets(readme).includes('DEVELOPMENT.md'), 'the README links DEVELOPMENT.md');
  });
});

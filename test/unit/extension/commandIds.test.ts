/**
 * The extension's command identifiers (src/extension/commandIds.ts) and package.json agree: every
 * command the code registers is contributed with a title in the nnspec category, every contributed
 * command is one the code knows, every menu entry names a contributed command, and the weights and
 * export commands hide for graph specs (the nnspec.graphSpec context key).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../src/extension/commandIds';

const ROOT = join(__dirname, '..', '..', '..', '..');
const contributes = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes as {
  commands: { command: string; title: string; category?: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
};

describe('command identifiers', () => {
  const ids = Object.values(COMMANDS).sort();
  const contributed = contributes.commands.map((c) => c.command).sort();

  it('package.json contributes exactly the commands the code registers, each titled in the nnspec category', () => {
    assert.deepEqual(contributed, ids);
    for (const c of contributes.commands) {
      assert.ok(c.title.trim().length > 0, c.command);
      assert.equal(c.category, 'nnspec', c.command);
    }
  });

  it('every menu entry names a contributed command; the weights and export commands are in the palette and the editor', () => {
    for (const [menu, entries] of Object.entries(contributes.menus))
      for (const e of entries) assert.ok(contributed.includes(e.command), `${menu}: ${e.command}`);
    for (const id of [COMMANDS.saveWeights, COMMANDS.writeWeights, COMMANDS.exportPytorch, COMMANDS.exportOnnx])
      for (const menu of ['commandPalette', 'editor/title', 'editor/context'])
        assert.ok(
          contributes.menus[menu].some((e) => e.command === id && /editorLangId == nnspec/.test(e.when ?? '')),
          `${id} in ${menu}`,
        );
  });

  it('the commands a graph spec has no use for are hidden for graph specs wherever the editor knows the spec', () => {
    const networkOnly: string[] = [
      COMMANDS.saveWeights,
      COMMANDS.writeWeights,
      COMMANDS.exportPytorch,
      COMMANDS.exportOnnx,
    ];
    let checked = 0;
    for (const [menu, entries] of Object.entries(contributes.menus))
      for (const e of entries) {
        if (!networkOnly.includes(e.command) || menu === 'explorer/context') continue;
        assert.match(e.when ?? '', /&& !nnspec\.graphSpec$/, `${menu}: ${e.command}`);
        checked++;
      }
    assert.ok(checked >= 8, `${checked} entries`);
  });
});

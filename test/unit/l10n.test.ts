// User-facing strings are localizable: the strings of vscode.l10n.t in the extension's source are exactly those of
// the committed bundle (l10n/bundle.l10n.json, written by `npm run l10n`), package.json points VS Code at it, and a
// notification is never shown with a bare string literal (it goes through vscode.l10n.t).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('localizable strings (vscode.l10n)', () => {
  it('the committed bundle holds exactly the strings of vscode.l10n.t in src (run `npm run l10n` after changing one)', async function () {
    this.timeout(60_000);
    const files = sources(path.join(ROOT, 'src')).map((file) => ({ extension: '.ts', contents: fs.readFileSync(file, 'utf8') }));
    const extracted = await getL10nJson(files);
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(extracted).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in extracted));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'l10n/bundle.l10n.json is out of date: run `npm run l10n`');
    assert.ok(Object.keys(extracted).length >= 100, `only ${Object.keys(extracted).length} localizable strings found`);
  });

  it('package.json names the bundle folder, and the package includes it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(pkg.l10n, './l10n');
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!l10n\/\*\*$/m);
  });

  it('no notification in the extension is shown with a bare string literal', () => {
    const bare = sources(path.join(ROOT, 'src', 'edge')).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return [...text.matchAll(/show(?:Error|Warning|Information)Message\(\s*['`"]/g)].map((m) => `${path.relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`);
    });
    assert.deepEqual(bare, [], 'wrap these messages in vscode.l10n.t');
  });
});

// package.json, package.nls.json and src/edge/base/constants.ts must agree both ways, and the layers below the edge must stay free of 'vscode'.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, IacCommands, Settings, Views } from '../../src/edge/base/constants';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('contributions and code agree', () => {
  it('every command in package.json is in constants, and every constant is contributed', () => {
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const inCode = new Set<string>([...Object.values(Commands), ...Object.values(IacCommands)]);
    assert.deepEqual([...contributed].filter((c) => !inCode.has(c)), [], 'contributed but not in src/edge/base/constants.ts');
    assert.deepEqual([...inCode].filter((c) => !contributed.has(c)), [], 'in src/edge/base/constants.ts but not contributed');
  });

  it('every command registered in src/edge/commands/index.ts is a known command id', () => {
    const index = fs.readFileSync(path.join(root, 'src/edge/commands/index.ts'), 'utf8');
    const registered = [...index.matchAll(/\[Commands\.(\w+)\]/g)].map((m) => m[1]);
    assert.deepEqual(new Set(registered), new Set(Object.keys(Commands)), 'the registration table must cover every command exactly');
  });

  it('every tables-as-code command is registered in src/edge/iac/index.ts, and only those', () => {
    const index = fs.readFileSync(path.join(root, 'src/edge/iac/index.ts'), 'utf8');
    const registered = [...index.matchAll(/\[IacCommands\.(\w+)\]/g)].map((m) => m[1]);
    assert.deepEqual(new Set(registered), new Set(Object.keys(IacCommands)));
  });

  it('menus name only contributed commands, and views/containers match constants', () => {
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
      for (const e of entries) assert.ok(contributed.has(e.command), `${menu} names unknown command ${e.command}`);
    }
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), [Views.container]);
    assert.deepEqual(pkg.contributes.views[Views.container].map((v: { id: string }) => v.id), [Views.explorer]);
  });

  it('settings in package.json and constants agree both ways', () => {
    const contributed = new Set(Object.keys(pkg.contributes.configuration.properties));
    const inCode = new Set<string>(Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => v));
    assert.deepEqual([...contributed].filter((s) => !inCode.has(s)), []);
    assert.deepEqual([...inCode].filter((s) => !contributed.has(s)), []);
    for (const s of contributed) assert.ok(s.startsWith(`${Settings.section}.`), `${s} is outside the ${Settings.section} section`);
  });

  it('every %placeholder% in package.json has a text in package.nls.json', () => {
    const placeholders = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(placeholders.length > 10);
    for (const p of placeholders) assert.equal(typeof nls[p], 'string', `package.nls.json lacks "${p}"`);
  });

  it('the model, services and protocol have no vscode import', () => {
    const layers = ['src/model', 'src/services', 'src/protocol'];
    assert.ok(layers.every((l) => fs.existsSync(path.join(root, l))), 'a layer folder is missing');
    const offenders = layers.flatMap((l) => sourceFiles(path.join(root, l))).filter((f) =>
      /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});

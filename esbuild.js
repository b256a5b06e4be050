// Bundles the extension (Node, CommonJS, 'vscode' external). `--production` minifies; `--watch` rebuilds on change.
// Webview bundles (browser) are added to `targets` as they appear.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/extension.ts'],
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
];

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
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...t, plugins: [problemMatcherPlugin] })));
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

// The house rules: four floors with one direction of imports, and TypeScript checks. `npm run lint`.
//
//   edge (vscode) ──▶ services (Node + SDK) ──▶ model (pure)
//   edge ──▶ protocol (webview messages) ──▶ model
//   webview-ui (browser) ──▶ protocol, model
//
// Folder boundaries use import-x's no-restricted-paths: each zone names a folder and the folders it must not import,
// so the whole map reads as a table here. Inside the edge, folders are ranked and a folder imports only lower ranks,
// which rules out cycles between folders by construction; import-x/no-cycle catches file-level cycles as well.
// Which packages a floor may load (no `vscode` below the edge, no SDK values or Node built-ins in the model or the
// browser) is checked by no-restricted-imports, allowing type-only imports of SDK shapes.
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

/** Edge folders from lowest to highest: a folder may import only the folders before it. */
export const EDGE_RANKS = ['base', 'tree', 'guard', 'studio', 'ui', 'editors', 'panels', 'status', 'commands', 'notebooks', 'iac', 'codecheck', 's3jobs'];

const FLOORS = ['model', 'services', 'protocol', 'edge', 'webview-ui'];
/** What each floor may import besides itself. */
const FLOOR_MAY_IMPORT = {
  model: [],
  services: ['model'],
  protocol: ['model'],
  edge: ['services', 'model', 'protocol'],
  'webview-ui': ['model', 'protocol'],
};

const floorZones = FLOORS.map((floor) => ({
  target: `./src/${floor}`,
  from: FLOORS.filter((f) => f !== floor && !FLOOR_MAY_IMPORT[floor].includes(f)).map((f) => `./src/${f}`),
  message: `The ${floor} floor may import only ${[floor, ...FLOOR_MAY_IMPORT[floor]].join(', ')} (see src/README.md).`,
}));

const edgeZones = EDGE_RANKS.map((folder, rank) => ({
  target: `./src/edge/${folder}`,
  from: [...EDGE_RANKS.slice(rank + 1).map((f) => `./src/edge/${f}`), './src/edge/extension.ts'],
  message: `src/edge/${folder} may import only the edge folders ranked below it (${EDGE_RANKS.slice(0, rank).join(', ') || 'none'}): move what both need into a lower folder.`,
}));

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (paths, patterns, message) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message, allowTypeImports: true })),
      patterns: patterns.map((group) => ({ group: [group], message, allowTypeImports: true })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.d.ts'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...floorZones, ...edgeZones] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-unresolved': ['error', { ignore: ['^vscode$'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: restrict(['vscode', ...nodeBuiltins], ['@aws-sdk/*', '@smithy/*'], 'The model is pure (Node and browser): no vscode, no Node built-ins, only type imports of SDK shapes.'),
  },
  {
    files: ['src/protocol/**/*.ts', 'src/webview-ui/**/*.ts'],
    rules: restrict(['vscode', ...nodeBuiltins], ['@aws-sdk/*', '@smithy/*'], 'Browser code and the protocol import only the model, the protocol and browser-safe packages.'),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrict(['vscode'], [], 'Services never import vscode: put what needs it in src/edge.'),
  },
);

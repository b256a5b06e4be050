// Credentials never leak: connections with distinctive keys (a profile in the shared credentials file, and an
// endpoint connection whose keys go to secret storage) list, describe, read, open a table viewer, export and fail;
// afterwards the output channel's log, the extension's stored state, the settings files, every notification,
// warning and error message shown, every message posted to a webview, the exported file and every tree tooltip
// hold neither the access key ids nor the secrets. The last test asserts it for every place and prints
// `proof credentials <n> places leaks <k>`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { childByLabel, eventually, studioApi, type NodeSummary, type StudioApi } from './explorerApi';
import { REPORT_LINE_PREFIX } from './index';
import { printProofLine } from '../proof/proofSupport';

/** Letters and digits only: DynamoDB Local refuses keys with '-' or '_'. */
const PROFILE_KEYS = { accessKeyId: 'AKIALEAKCHECKPROFILE7', secretAccessKey: 'LeakCheckProfileSecret9xQz7RtWvB2mN4pL6sK8dF' };
const ENDPOINT_KEYS = { accessKeyId: 'AKIALEAKCHECKENDPOINT3', secretAccessKey: 'LeakCheckEndpointSecret4hJ8kL2mN6pQ0rS5tU7vW' };
const SECRETS = [PROFILE_KEYS.accessKeyId, PROFILE_KEYS.secretAccessKey, ENDPOINT_KEYS.accessKeyId, ENDPOINT_KEYS.secretAccessKey];
const PROFILE = 'leak-check';
const DOWN_PROFILE = 'leak-check-down';
const ENDPOINT_CONNECTION = 'LeakCheckEndpoint';
/** Nothing listens here: requests fail with a connection error. */
const DEAD_ENDPOINT = 'http://127.0.0.1:9';

function filesUnder(dir: string, skip: (p: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    if (entry.isDirectory()) out.push(...filesUnder(p, skip));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Which of the secrets a text holds. */
const leaksIn = (text: string): string[] => SECRETS.filter((s) => text.includes(s));

type MessageFn = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';
const MESSAGE_FNS: readonly MessageFn[] = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];

/** Where the search looks, and how many texts of each it searched. */
type Place = 'notifications' | 'warnings' | 'errors' | 'command failures' | 'webview messages' | 'tooltips' | 'tree labels' | 'output channel log' | 'log files' | 'storage files' | 'settings files' | 'exported files' | 'stored state';

describe('Credentials never leak', function () {
  this.timeout(180_000);
  let api: StudioApi;
  /** Command failures (rejections of executeCommand). */
  const shown: string[] = [];
  /** Every text searched, by place. */
  const searched = new Map<Place, string[]>();
  const record = (place: Place, ...texts: string[]) => searched.set(place, [...(searched.get(place) ?? []), ...texts]);
  /** What the leak search found, by place, filled by the tests below and asserted by the last one. */
  const leaks: string[] = [];
  const window = vscode.window as unknown as Record<MessageFn | 'createWebviewPanel', unknown>;
  const savedWindow: Partial<Record<MessageFn | 'createWebviewPanel', unknown>> = {};
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-studio-leak-export-'));
  const endpoint = process.env.DYNAMODB_STUDIO_TEST_ENDPOINT;
  const configFile = process.env.AWS_CONFIG_FILE;
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE;
  let originalConfig = '';
  let originalCredentials = '';
  let originalEndpoints: unknown;

  before(async function () {
    assert.ok(endpoint && configFile && credentialsFile, 'DYNAMODB_STUDIO_TEST_ENDPOINT, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE must be set: run with `node scripts/test.js vscode`.');
    api = await studioApi();
    originalConfig = fs.readFileSync(configFile, 'utf8');
    originalCredentials = fs.readFileSync(credentialsFile, 'utf8');
    fs.appendFileSync(configFile, `\n[profile ${PROFILE}]\nregion = us-east-1\nendpoint_url = ${endpoint}\n\n[profile ${DOWN_PROFILE}]\nregion = us-east-1\nendpoint_url = ${DEAD_ENDPOINT}\n`);
    const keys = `aws_access_key_id = ${PROFILE_KEYS.accessKeyId}\naws_secret_access_key = ${PROFILE_KEYS.secretAccessKey}\n`;
    fs.appendFileSync(credentialsFile, `\n[${PROFILE}]\n${keys}\n[${DOWN_PROFILE}]\n${keys}`);
    originalEndpoints = vscode.workspace.getConfiguration().inspect('dynamodbStudio.customEndpoints')?.workspaceValue;
    // Every message the extension shows is captured (and answered with no choice: nothing modal is confirmed).
    const places: Record<MessageFn, Place> = { showInformationMessage: 'notifications', showWarningMessage: 'warnings', showErrorMessage: 'errors' };
    for (const fn of MESSAGE_FNS) {
      savedWindow[fn] = window[fn];
      window[fn] = async (message: string, ...rest: unknown[]) => {
        record(places[fn], message, ...rest.map((r) => (typeof r === 'string' ? r : JSON.stringify(r) ?? '')));
        return undefined;
      };
    }
    // Every message a panel posts to its webview (PanelHost.post ends in webview.postMessage) is captured too.
    const createPanel = window.createWebviewPanel as typeof vscode.window.createWebviewPanel;
    savedWindow.createWebviewPanel = createPanel;
    window.createWebviewPanel = (...args: Parameters<typeof vscode.window.createWebviewPanel>) => {
      const panel = createPanel.apply(vscode.window, args);
      const webview = panel.webview;
      const post = webview.postMessage.bind(webview);
      webview.postMessage = (message: unknown) => {
        record('webview messages', JSON.stringify(message) ?? '');
        return post(message);
      };
      return panel;
    };
    api.explorer.refresh();
  });

  after(async () => {
    Object.assign(window, savedWindow);
    fs.rmSync(exportDir, { recursive: true, force: true });
    if (configFile) fs.writeFileSync(configFile, originalConfig);
    if (credentialsFile) fs.writeFileSync(credentialsFile, originalCredentials);
    await vscode.workspace.getConfiguration().update('dynamodbStudio.customEndpoints', originalEndpoints, vscode.ConfigurationTarget.Workspace);
    api?.explorer.refresh();
  });

  /** Runs a command, keeping the message of its failure (shown to the user) for the search. */
  async function run(command: string, ...args: unknown[]): Promise<void> {
    try {
      await vscode.commands.executeCommand(command, ...args);
    } catch (err) {
      shown.push(String((err as Error)?.message ?? err));
    }
  }

  /** A tree node's label, description and tooltip, recorded as searched; returns them as one text. */
  const nodeText = (n: NodeSummary) => {
    record('tree labels', [n.label, n.description].filter(Boolean).join('\n'));
    if (n.tooltip) record('tooltips', String(n.tooltip));
    return [n.label, n.description, n.tooltip].filter(Boolean).join('\n');
  };

  it('a profile with static keys lists, describes and reads tables, and fails where it should', async () => {
    const profile = await eventually(`the ${PROFILE} profile in the explorer`, async () => (await api.explorer.getChildren()).find((n) => n.label === PROFILE));
    const region = await childByLabel(api, profile.id, 'us-east-1');
    shown.push(nodeText(profile), nodeText(region));
    const tables = await api.explorer.getChildren(region.id);
    shown.push(...tables.map(nodeText));
    const table = tables.find((t) => t.label === 'DevOpsProjects');
    assert.ok(table, `the seeded table is not listed through ${PROFILE}: ${tables.map((t) => t.label).join(', ')}`);
    await run('dynamodbStudio.describeTable', table.id);
    // Delete Item asks first (a modal warning, answered with no choice here: nothing is deleted).
    await run('dynamodbStudio.deleteItem', { connectionId: profile.id, region: 'us-east-1', tableName: 'DevOpsProjects', key: { ProjectID: { S: 'day55' } } });
    assert.ok((searched.get('warnings') ?? []).some((m) => m.includes('day55')), `no confirmation of Delete Item was shown: ${JSON.stringify(searched.get('warnings'))}`);
    // A table viewer reads its first page through the profile: what the panel posts is captured.
    await run('dynamodbStudio.openTable', table.id);
    await eventually('the table viewer to post the rows of DevOpsProjects', () => (searched.get('webview messages') ?? []).find((m) => m.includes('day55')), 30_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // An export of the whole table through the profile, to a file the search reads.
    const exportFile = path.join(exportDir, 'DevOpsProjects.jsonl');
    const pick = window as unknown as Record<'showQuickPick' | 'showSaveDialog', unknown>;
    const savedPick = { showQuickPick: pick.showQuickPick, showSaveDialog: pick.showSaveDialog };
    pick.showQuickPick = async (items: readonly { format?: string }[] | Thenable<readonly { format?: string }[]>) => (await items).find((i) => i.format === 'jsonl');
    pick.showSaveDialog = async () => vscode.Uri.file(exportFile);
    try {
      await run('dynamodbStudio.exportTable', { connectionId: profile.id, region: 'us-east-1', tableName: 'DevOpsProjects' });
    } finally {
      Object.assign(pick, savedPick);
    }
    const exported = await eventually('the exported file', () => (fs.existsSync(exportFile) && fs.readFileSync(exportFile, 'utf8').includes('day55') ? fs.readFileSync(exportFile, 'utf8') : undefined));
    record('exported files', exported);
    await run('dynamodbStudio.getItem', { connectionId: profile.id, region: 'us-east-1', tableName: 'DevOpsProjects', key: { ProjectID: { S: 'leak-check-missing' } } });
    // A request DynamoDB refuses: a table that does not exist.
    await run('dynamodbStudio.getItem', { connectionId: profile.id, region: 'us-east-1', tableName: 'LeakCheckNoSuchTable', key: { pk: { S: 'x' } } });
    assert.ok(shown.some((m) => /LeakCheckNoSuchTable|not found|does not exist|ResourceNotFound/i.test(m)), `the failing read gave no message: ${shown.join(' | ')}`);

    const down = await eventually(`the ${DOWN_PROFILE} profile in the explorer`, async () => (await api.explorer.getChildren()).find((n) => n.label === DOWN_PROFILE));
    const downRegion = await childByLabel(api, down.id, 'us-east-1');
    const errors = await api.explorer.getChildren(downRegion.id);
    shown.push(...errors.map(nodeText));
    assert.ok(errors.some((n) => /\berror\b/.test(n.contextValue)), `listing through a dead endpoint gave no error node: ${errors.map(nodeText).join(' | ')}`);
  });

  it('an endpoint connection whose keys were entered in Add Endpoint Connection lists tables', async () => {
    const answers = [ENDPOINT_CONNECTION, endpoint!, 'us-east-1', ENDPOINT_KEYS.accessKeyId, ENDPOINT_KEYS.secretAccessKey];
    const window = vscode.window as unknown as Record<'showInputBox' | 'showQuickPick' | 'showInformationMessage', unknown>;
    const saved = { showInputBox: window.showInputBox, showQuickPick: window.showQuickPick, showInformationMessage: window.showInformationMessage };
    // The prompts are answered here as a person would type them.
    window.showInputBox = async (options?: vscode.InputBoxOptions) => {
      const answer = answers.shift();
      assert.ok(answer !== undefined, `an unexpected prompt: ${options?.prompt}`);
      assert.equal(options?.validateInput ? await options.validateInput(answer) : undefined, undefined, `the answer to "${options?.prompt}" was refused`);
      return answer;
    };
    window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => (await items).find((i) => /keys/i.test(i.label) && /Enter/.test(i.label));
    window.showInformationMessage = async (message: string) => {
      shown.push(message);
      return undefined;
    };
    try {
      await vscode.commands.executeCommand('dynamodbStudio.addConnection');
    } finally {
      Object.assign(window, saved);
    }
    assert.deepEqual(answers, [], 'not every prompt was asked');
    const connection = await eventually(`${ENDPOINT_CONNECTION} in the explorer`, async () => (await api.explorer.getChildren()).find((n) => n.label === ENDPOINT_CONNECTION));
    const region = await childByLabel(api, connection.id, 'us-east-1');
    const tables = await api.explorer.getChildren(region.id);
    shown.push(...tables.map(nodeText));
    assert.ok(tables.some((t) => t.label === 'DevOpsProjects'), `tables through ${ENDPOINT_CONNECTION}: ${tables.map(nodeText).join(' | ')}`);
    await run('dynamodbStudio.getItem', { connectionId: connection.id, region: 'us-east-1', tableName: 'LeakCheckNoSuchTable', key: { pk: { S: 'x' } } });
  });

  it('no log, stored state, settings file or message holds an access key id or a secret', async () => {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'no workspace folder');
    // scripts/test.js lays out the profile as <dir>/{workspace,user-data,extensions,aws,home}.
    const profileDir = path.dirname(workspace);
    const awsDir = path.dirname(credentialsFile!);
    // The credentials file holds the keys by design; extension code and bundles are not written by the extension.
    const skip = (p: string) => p === awsDir || p.endsWith(`${path.sep}extensions`) || p.endsWith(`${path.sep}CachedExtensionVSIXs`);
    const logName = /DynamoDB Studio\.log$/;
    // The output channel writes its log file asynchronously.
    const log = await eventually('the DynamoDB Studio log with the failed read', () => {
      const file = filesUnder(profileDir, skip).find((f) => logName.test(f) && fs.readFileSync(f, 'utf8').includes('LeakCheckNoSuchTable'));
      return file;
    }, 20_000);
    const files = filesUnder(profileDir, skip);
    const kinds = {
      log: files.filter((f) => /\.log$/.test(f)),
      state: files.filter((f) => /(globalStorage|workspaceStorage)/.test(f)),
      settings: files.filter((f) => /settings\.json$/.test(f)),
    };
    assert.ok(kinds.log.includes(log));
    assert.ok(kinds.settings.length >= 1, 'no settings file found');
    const found: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file).toString('latin1');
      const place: Place = file === log ? 'output channel log' : /\.log$/.test(file) ? 'log files' : /settings\.json$/.test(file) ? 'settings files' : 'storage files';
      record(place, text);
      for (const s of leaksIn(text)) found.push(`${path.relative(profileDir, file)} holds ${s.slice(0, 8)}…`);
    }
    record('command failures', ...shown);
    for (const [place, texts] of searched) {
      if (place === 'output channel log' || place === 'log files' || place === 'settings files' || place === 'storage files') continue;
      for (const text of texts) for (const s of leaksIn(text)) found.push(`${place}: a text holds ${s.slice(0, 8)}…: ${text.slice(0, 200)}`);
    }
    leaks.push(...found);
    assert.deepEqual(found, [], `credentials leaked (searched ${files.length} files: ${kinds.log.length} logs, ${kinds.state.length} state files, ${kinds.settings.length} settings files)`);
    // The search would have found them: the endpoint connection's settings entry is there, without its keys.
    const workspaceSettings = fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8');
    assert.ok(workspaceSettings.includes(ENDPOINT_CONNECTION), 'the endpoint connection is not in the workspace settings');
    console.log(`${REPORT_LINE_PREFIX}      credentials: searched ${files.length} files (${kinds.log.length} logs, ${kinds.state.length} storage files, ${kinds.settings.length} settings files) and ${shown.length} messages`);
  });

  it("the extension's globalState and workspaceState hold neither key ids nor secrets", async () => {
    // In code-server the extension host keeps mementos in the browser (IndexedDB), not in files: they are read
    // through the extension's test API.
    const snapshot = api.storedState() as { global?: unknown; workspace?: unknown };
    assert.ok(snapshot && typeof snapshot.global === 'object' && typeof snapshot.workspace === 'object', 'storedState() gives no { global, workspace } snapshot');
    const state = JSON.stringify(snapshot);
    record('stored state', state);
    const found = leaksIn(state).map((s) => `stored state holds ${s.slice(0, 8)}…`);
    leaks.push(...found);
    assert.deepEqual(found, [], 'credentials in the extension\'s stored state');
  });

  it('every place was searched and none holds a credential (the proof line)', () => {
    const places: Place[] = ['notifications', 'warnings', 'errors', 'command failures', 'webview messages', 'tooltips', 'tree labels', 'output channel log', 'log files', 'storage files', 'settings files', 'exported files', 'stored state'];
    // A place with nothing in it proves nothing: each must have held text the search read.
    const empty = places.filter((p) => !(searched.get(p) ?? []).some((t) => t.length > 0));
    assert.deepEqual(empty, [], `places with nothing searched: ${empty.join(', ')}`);
    // The search itself finds a key where one is: a text holding one is reported.
    assert.deepEqual(leaksIn(`x ${PROFILE_KEYS.accessKeyId} y`), [PROFILE_KEYS.accessKeyId]);
    assert.deepEqual(leaks, [], 'credentials leaked');
    const total = places.reduce((sum, p) => sum + (searched.get(p)?.length ?? 0), 0);
    console.log(`${REPORT_LINE_PREFIX}      credentials: ${total} texts searched: ${[...searched].map(([p, t]) => `${p} ${t.length}`).join(', ')}`);
    printProofLine(`proof credentials ${places.length} places leaks ${leaks.length}`, REPORT_LINE_PREFIX);
  });
});

// Every id the extension shares with package.json lives here; test/unit/contributions.test.ts checks both agree.

export const EXTENSION_ID = 'dynamodb-studio.dynamodb-studio';
export const OUTPUT_CHANNEL_NAME = 'DynamoDB Studio';
export const FS_SCHEME_DESCRIBE = 'dynamodb-describe';
/** Items as documents: dynamodb:/<connection>/<region>/<table>/<key>.json */
export const ITEM_SCHEME = 'dynamodb';
/**
 * The language of item documents (JSON with comments, highlighted by VS Code's JSON grammar). Its own language lets
 * package.json turn auto save off for item documents only, so an edit stays visibly unsaved until Ctrl+S writes it,
 * and VS Code's JSON check does not repeat the item's own syntax problems.
 */
export const ITEM_LANGUAGE = 'dynamodb-item';
/** The notebook controller that runs .dynamodb-nb cells (selected by commands that open and run a notebook). */
export const NOTEBOOK_CONTROLLER_ID = 'dynamodb-studio.notebookController';
/**
 * How long a hover or a completion waits for DynamoDB (a table's description, a table list) it does not have yet;
 * then it answers with what is known and the answer keeps coming for the next one, so a silent endpoint (VPN down)
 * never holds up the editor.
 */
export const EDITOR_ANSWER_WAIT_MS = 1500;

export const ContextKeys = {
  /** Item documents whose save was refused because the stored item changed (editor/title conflict actions). */
  itemConflicts: 'dynamodbStudio.itemConflicts',
  /** Set once the explorer has read the connections: until then its welcome says "Loading". */
  loaded: 'dynamodbStudio.loaded',
} as const;

export const Views = {
  container: 'dynamodbStudio',
  explorer: 'dynamodbStudio.explorer',
} as const;

export const Commands = {
  refresh: 'dynamodbStudio.refresh',
  refreshNode: 'dynamodbStudio.refreshNode',
  addConnection: 'dynamodbStudio.addConnection',
  removeConnection: 'dynamodbStudio.removeConnection',
  toggleReadOnly: 'dynamodbStudio.toggleReadOnly',
  addRegion: 'dynamodbStudio.addRegion',
  removeRegion: 'dynamodbStudio.removeRegion',
  filterTables: 'dynamodbStudio.filterTables',
  clearTableFilter: 'dynamodbStudio.clearTableFilter',
  copyTableName: 'dynamodbStudio.copyTableName',
  copyTableArn: 'dynamodbStudio.copyTableArn',
  describeTable: 'dynamodbStudio.describeTable',
  retry: 'dynamodbStudio.retry',
  copyLoginCommand: 'dynamodbStudio.copyLoginCommand',
  openAwsConfig: 'dynamodbStudio.openAwsConfig',
  generateIamPolicy: 'dynamodbStudio.generateIamPolicy',
  openMatchingPolicy: 'dynamodbStudio.openMatchingPolicy',
  createTable: 'dynamodbStudio.createTable',
  showTableDetails: 'dynamodbStudio.showTableDetails',
  watchStream: 'dynamodbStudio.watchStream',
  updateTable: 'dynamodbStudio.updateTable',
  manageBackups: 'dynamodbStudio.manageBackups',
  manageReplicas: 'dynamodbStudio.manageReplicas',
  purgeTable: 'dynamodbStudio.purgeTable',
  deleteTable: 'dynamodbStudio.deleteTable',
  getItem: 'dynamodbStudio.getItem',
  putItem: 'dynamodbStudio.putItem',
  deleteItem: 'dynamodbStudio.deleteItem',
  duplicateItem: 'dynamodbStudio.duplicateItem',
  copyItem: 'dynamodbStudio.copyItem',
  openItemEditor: 'dynamodbStudio.openItemEditor',
  switchItemNotation: 'dynamodbStudio.switchItemNotation',
  overwriteStoredItem: 'dynamodbStudio.overwriteStoredItem',
  takeStoredItem: 'dynamodbStudio.takeStoredItem',
  saveItem: 'dynamodbStudio.saveItem',
  runPartiql: 'dynamodbStudio.runPartiql',
  updateTimeToLive: 'dynamodbStudio.updateTimeToLive',
  copyItemAsCliCommand: 'dynamodbStudio.copyItemAsCliCommand',
  showErrorDetails: 'dynamodbStudio.showErrorDetails',
  getStarted: 'dynamodbStudio.getStarted',
  openTable: 'dynamodbStudio.openTable',
  exportTable: 'dynamodbStudio.exportTable',
  importTable: 'dynamodbStudio.importTable',
  copyTable: 'dynamodbStudio.copyTable',
  resumeCopy: 'dynamodbStudio.resumeCopy',
  exportToS3: 'dynamodbStudio.exportToS3',
  importFromS3: 'dynamodbStudio.importFromS3',
  downloadExport: 'dynamodbStudio.downloadExport',
  setConnectionMode: 'dynamodbStudio.setConnectionMode',
  newNotebook: 'dynamodbStudio.newNotebook',
  openQueryAsNotebook: 'dynamodbStudio.openQueryAsNotebook',
  notebookAccessPatterns: 'dynamodbStudio.notebookAccessPatterns',
  copyCallPolicy: 'dynamodbStudio.copyCallPolicy',
  runCallInNotebook: 'dynamodbStudio.runCallInNotebook',
  copyAsCloudFormation: 'dynamodbStudio.copyAsCloudFormation',
  copyAsSam: 'dynamodbStudio.copyAsSam',
  copyAsCdk: 'dynamodbStudio.copyAsCdk',
  copyAsTerraform: 'dynamodbStudio.copyAsTerraform',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands of tables as code (CodeLenses on templates), registered by src/edge/iac through the same boundary. */
export const IacCommands = {
  compare: 'dynamodbStudio.iac.compare',
  compareWith: 'dynamodbStudio.iac.compareWith',
  createOnLocal: 'dynamodbStudio.iac.createOnLocal',
  openLiveTable: 'dynamodbStudio.iac.openLiveTable',
  showDriftReport: 'dynamodbStudio.iac.showDriftReport',
} as const;
export type IacCommandId = (typeof IacCommands)[keyof typeof IacCommands];

/**
 * Explorer table nodes carry a resource URI of this scheme (dynamodb-table:/<connection>/<region>/<table>, each part
 * URI-encoded) so that file decorations (the drift badge) can find them.
 */
export const TABLE_DECORATION_SCHEME = 'dynamodb-table';

export function tableDecorationUri(connectionId: string, region: string, table: string): string {
  return `${TABLE_DECORATION_SCHEME}:/${[connectionId, region, table].map(encodeURIComponent).join('/')}`;
}

export const Settings = {
  section: 'dynamodbStudio',
  defaultRegion: 'dynamodbStudio.defaultRegion',
  customEndpoints: 'dynamodbStudio.customEndpoints',
  regions: 'dynamodbStudio.regions',
  readOnlyConnections: 'dynamodbStudio.readOnlyConnections',
  connectionModes: 'dynamodbStudio.connectionModes',
  showAwsProfiles: 'dynamodbStudio.showAwsProfiles',
  itemNotation: 'dynamodbStudio.itemNotation',
  viewerWindowRows: 'dynamodbStudio.viewerWindowRows',
  notebookSaveOutputs: 'dynamodbStudio.notebook.saveOutputs',
  codeChecksEnabled: 'dynamodbStudio.codeChecks.enabled',
  codeChecksConnection: 'dynamodbStudio.codeChecks.connection',
  codeChecksRegion: 'dynamodbStudio.codeChecks.region',
  codeChecksTableNames: 'dynamodbStudio.codeChecks.tableNames',
  codeChecksScanWarningItems: 'dynamodbStudio.codeChecks.scanWarningItems',
} as const;

/** Secret storage keys: access keys of endpoint connections, never in settings. */
export const secretKeyForEndpoint = (name: string): string => `dynamodbStudio.endpointCredentials.${name}`;

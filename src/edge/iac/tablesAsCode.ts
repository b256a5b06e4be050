// Tables as code in the editor: reads templates when they are opened (the parsers load on first use), puts
// CodeLenses over each table resource, compares with a live table on a chosen connection (diagnostics, report,
// explorer badge), creates a declared table on DynamoDB Local and opens the live table.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareTables, comparisonSummary } from '../../model/iac/compare';
import { createPlanFor, NotCreatable } from '../../model/iac/createSpec';
import { isTerraformNeighbour, mayDeclareTables } from '../../model/iac/detect';
import { isUnknown, type DeclaredTable, type IacReadResult } from '../../model/iac/tableModel';
import { StudioError } from '../../model/errors';
import { resourceNameProblem } from '../../model/table/createTableSpec';
import { z } from '../../model/zod';
import type { Connection } from '../../services/aws/connections';
import { abortSignalFor, createTable } from '../../services/dynamo/tableAdmin';
import { readLiveTableModel } from '../../services/iac/liveTables';
import type * as Readers from '../../services/iac/readers';
import type { TerraformSource } from '../../services/iac/readers';
import { Commands, IacCommands } from '../base/constants';
import { regionNodeId, tableNodeId } from '../tree/model';
import type { Studio } from '../studio/studio';
import { Cancelled, regionNodeFromArg } from '../ui/pickers';
import { DriftStore, type CompareTarget } from './driftStore';
import { showDriftReport } from './report';

const TARGET_KEY = 'dynamodbStudio.iac.compareTarget';
const targetSchema = z.object({ connectionId: z.string(), region: z.string() });
type Target = z.infer<typeof targetSchema>;

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;

/** True for an endpoint connection on this machine, such as DynamoDB Local. */
export function isLocalConnection(c: Connection): boolean {
  if (c.kind !== 'endpoint' || !c.endpoint) return false;
  try {
    return LOCAL_HOSTS.test(new URL(c.endpoint).hostname);
  } catch {
    return false;
  }
}

export class TablesAsCode implements vscode.CodeLensProvider, vscode.Disposable {
  readonly store = new DriftStore();
  private readonly reads = new Map<string, { version: number; result: Promise<IacReadResult> }>();
  /** Live table names chosen for resources whose declared name is unknown: template URI + resource id → name. */
  private readonly chosenNames = new Map<string, string>();
  readonly onDidChangeCodeLenses = this.store.onDidChange;
  private readonly disposables: vscode.Disposable[] = [];

  private readers?: typeof Readers;

  /** `distDir` holds the readers' own bundle, iacReaders.js: it is loaded on the first file that may declare a table. */
  constructor(
    private readonly studio: Studio,
    private readonly distDir: string,
  ) {
    const selector: vscode.DocumentSelector = [
      { scheme: 'file', pattern: '**/*.{yaml,yml,json,template,tf}' },
      { scheme: 'untitled' },
    ];
    this.disposables.push(
      this.store,
      vscode.languages.registerCodeLensProvider(selector, this),
      vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.store.clearCompares(e.document.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => void this.recompare(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.reads.delete(d.uri.toString());
        this.store.forget(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) void this.check(d);
  }

  private static applies(document: vscode.TextDocument): boolean {
    return mayDeclareTables(document.fileName, document.getText());
  }

  /** The tables of a template, read once per version of the document. */
  async read(document: vscode.TextDocument): Promise<IacReadResult> {
    const key = document.uri.toString();
    const cached = this.reads.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const result = (async () => this.loadReaders().readIacFile(document.fileName, document.getText(), () => this.neighbours(document)))();
    this.reads.set(key, { version: document.version, result });
    return result;
  }

  private async neighbours(document: vscode.TextDocument): Promise<TerraformSource[]> {
    if (document.uri.scheme !== 'file') return [];
    const folder = vscode.Uri.joinPath(document.uri, '..');
    const entries = await vscode.workspace.fs.readDirectory(folder);
    const out: TerraformSource[] = [];
    for (const [name, type] of entries) {
      const uri = vscode.Uri.joinPath(folder, name);
      if (type !== vscode.FileType.File || !isTerraformNeighbour(name) || uri.toString() === document.uri.toString()) continue;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      out.push({ fileName: uri.fsPath, text: open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
    }
    return out;
  }

  /** Reads an opened template and shows what its reader could not read. */
  private async check(document: vscode.TextDocument): Promise<void> {
    if (!TablesAsCode.applies(document)) return;
    try {
      this.store.setProblems(document.uri, (await this.read(document)).problems);
    } catch (err) {
      this.studio.output.error(`Reading ${document.uri.fsPath} as a table definition failed: ${(err as Error).message}`);
    }
  }

  private async recompare(document: vscode.TextDocument): Promise<void> {
    await this.check(document);
    const previous = this.store.recordsOf(document.uri);
    for (const r of previous) {
      await this.compare(document.uri, r.table.resourceId, { connectionId: r.target.connectionId, region: r.target.region }).catch((err) =>
        this.studio.output.warn(`Comparing ${r.table.resourceId} again after a save failed: ${(err as Error).message}`),
      );
    }
  }

  // ---- CodeLenses ------------------------------------------------------------------------------------------------

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!TablesAsCode.applies(document)) return [];
    const result = await this.read(document);
    // The connections as the explorer reads them (again after a settings change): a lens drawn before they are
    // known would offer "Compare with…" although the target is clear.
    await Promise.resolve(this.studio.model.getChildren()).catch(() => undefined);
    const target = this.target();
    const conn = target ? this.studio.model.connection(target.connectionId) : undefined;
    const lenses: vscode.CodeLens[] = [];
    const uri = document.uri.toString();
    for (const table of result.tables) {
      const range = new vscode.Range(table.range.start.line, 0, table.range.start.line, 0);
      const args = [uri, table.resourceId];
      const record = this.store.get(document.uri, table.resourceId);
      lenses.push(
        new vscode.CodeLens(range, {
          title: conn ? vscode.l10n.t('Compare with {0} ({1})', conn.name, target!.region) : vscode.l10n.t('Compare with…'),
          command: conn ? IacCommands.compare : IacCommands.compareWith,
          arguments: args,
        }),
      );
      if (conn) lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Other connection…'), command: IacCommands.compareWith, arguments: args }));
      lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Create on DynamoDB Local'), command: IacCommands.createOnLocal, arguments: args }));
      lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Open live table'), command: IacCommands.openLiveTable, arguments: args }));
      if (record) {
        const drift = record.comparison.counts.drift;
        lenses.push(
          new vscode.CodeLens(range, {
            title: drift ? vscode.l10n.t('$(warning) {0} drifted: show report', drift) : vscode.l10n.t('$(check) as declared: show report'),
            command: IacCommands.showDriftReport,
            arguments: [uri],
          }),
        );
      }
    }
    return lenses;
  }

  // ---- targets ---------------------------------------------------------------------------------------------------

  /**
   * The connection and region compares go to: the last one chosen, else the connection the workspace names for its
   * code (dynamodbStudio.codeChecks.connection and .region), else the only DynamoDB Local connection.
   */
  private target(): Target | undefined {
    const stored = targetSchema.safeParse(this.studio.context.workspaceState.get(TARGET_KEY));
    if (stored.success && this.studio.model.connection(stored.data.connectionId)) return stored.data;
    const checks = vscode.workspace.getConfiguration('dynamodbStudio.codeChecks');
    const named = this.studio.model.connection(String(checks.get<string>('connection') ?? ''));
    if (named) return { connectionId: named.id, region: checks.get<string>('region') || named.defaultRegion };
    const locals = this.studio.model.allConnections().filter(isLocalConnection);
    return locals.length === 1 ? { connectionId: locals[0].id, region: locals[0].defaultRegion } : undefined;
  }

  private async pickTarget(): Promise<Target> {
    const regionNode = await regionNodeFromArg(this.studio, undefined, vscode.l10n.t('Region of the live table'));
    const target = { connectionId: regionNode.connectionId!, region: regionNode.region! };
    await this.studio.context.workspaceState.update(TARGET_KEY, target);
    return target;
  }

  private async declared(uriText: unknown, resourceId: unknown): Promise<{ document: vscode.TextDocument; table: DeclaredTable }> {
    const document =
      typeof uriText === 'string' ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText)) : vscode.window.activeTextEditor?.document;
    if (!document) throw new StudioError('notFound', vscode.l10n.t('Open a CloudFormation, SAM, CDK or Terraform file first.'));
    const result = await this.read(document);
    if (result.tables.length === 0) {
      throw new StudioError('notFound', vscode.l10n.t('{0} declares no DynamoDB table that can be read.', vscode.workspace.asRelativePath(document.uri)), {
        hint: result.problems[0]?.message ?? vscode.l10n.t('Tables are AWS::DynamoDB::Table or AWS::Serverless::SimpleTable resources, or Terraform aws_dynamodb_table resources.'),
      });
    }
    let table = typeof resourceId === 'string' ? result.tables.find((t) => t.resourceId === resourceId) : undefined;
    if (!table) {
      if (result.tables.length === 1) table = result.tables[0];
      else {
        const picked = await vscode.window.showQuickPick(result.tables.map((t) => ({ label: t.resourceId, table: t })), { placeHolder: vscode.l10n.t('Table resource') });
        if (!picked) throw new Cancelled();
        table = picked.table;
      }
    }
    return { document, table };
  }

  /** The live table's name: the declared one, else one chosen from the region's tables (remembered). */
  private async liveName(document: vscode.TextDocument, table: DeclaredTable, target: Target): Promise<string> {
    const name = table.model.tableName;
    if (typeof name === 'string') return name;
    const key = `${document.uri.toString()}#${table.resourceId}@${target.connectionId}/${target.region}`;
    const chosen = this.chosenNames.get(key);
    if (chosen) return chosen;
    const why = isUnknown(name) ? vscode.l10n.t('its name comes from {0}', name.$unknown) : vscode.l10n.t('CloudFormation generates its name');
    const regionNode = await this.studio.model.resolve(regionNodeId(target.connectionId, target.region));
    const tables = regionNode ? (await this.studio.model.getChildren(regionNode)).filter((n) => n.kind === 'table').map((n) => n.label) : [];
    const picked = await vscode.window.showQuickPick(tables, {
      placeHolder: vscode.l10n.t('Which live table is {0}? ({1})', table.resourceId, why),
      ignoreFocusOut: true,
    });
    if (!picked) throw new Cancelled();
    this.chosenNames.set(key, picked);
    return picked;
  }

  // ---- commands --------------------------------------------------------------------------------------------------

  async compare(uriText?: unknown, resourceId?: unknown, given?: Target): Promise<CompareTarget & { drift: number }> {
    const { document, table } = await this.declared(uriText, resourceId);
    const target = given ?? this.target() ?? (await this.pickTarget());
    const conn = this.studio.model.connection(target.connectionId);
    if (!conn) throw new StudioError('notFound', vscode.l10n.t('The connection "{0}" is no longer configured.', target.connectionId), { hint: vscode.l10n.t('Choose another with "Other connection…".') });
    const tableName = await this.liveName(document, table, target);
    const client = await this.studio.pool.get(conn, target.region);
    const live = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading live table "{0}"', tableName) }, () =>
      readLiveTableModel(client, tableName),
    );
    const comparison = compareTables(table.model, live);
    const compareTarget: CompareTarget = { connectionId: conn.id, connectionName: conn.name, region: target.region, tableName };
    this.store.record(document.uri, { table, target: compareTarget, comparison, at: new Date() });
    const drift = comparison.counts.drift;
    const summary = comparisonSummary(comparison);
    const message = drift
      ? vscode.l10n.t('{0} vs {1} on {2}: {3}. The drift is in the Problems panel.', table.resourceId, tableName, conn.name, summary)
      : vscode.l10n.t('{0} vs {1} on {2}: no drift ({3}).', table.resourceId, tableName, conn.name, summary);
    void vscode.window.showInformationMessage(message, vscode.l10n.t('Show Report')).then((choice) => (choice ? this.report(document.uri.toString()) : undefined));
    return { ...compareTarget, drift };
  }

  async compareWith(uriText?: unknown, resourceId?: unknown): Promise<CompareTarget & { drift: number }> {
    const target = await this.pickTarget();
    return this.compare(uriText, resourceId, target);
  }

  async report(uriText?: unknown): Promise<vscode.Uri | undefined> {
    const uri = typeof uriText === 'string' ? vscode.Uri.parse(uriText) : vscode.window.activeTextEditor?.document.uri;
    const records = uri ? this.store.recordsOf(uri) : [];
    if (!uri || records.length === 0) {
      throw new StudioError('notFound', vscode.l10n.t('No table of this file has been compared yet.'), { hint: vscode.l10n.t('Use the "Compare with" CodeLens above a table resource first.') });
    }
    return showDriftReport(this.studio.context.globalStorageUri, uri, records);
  }

  async openLiveTable(uriText?: unknown, resourceId?: unknown): Promise<void> {
    const { document, table } = await this.declared(uriText, resourceId);
    const target = this.target() ?? (await this.pickTarget());
    const name = await this.liveName(document, table, target);
    await vscode.commands.executeCommand(Commands.openTable, tableNodeId(target.connectionId, target.region, name));
  }

  async createOnLocal(uriText?: unknown, resourceId?: unknown): Promise<string | undefined> {
    const { document, table } = await this.declared(uriText, resourceId);
    await this.studio.model.getChildren();
    const locals = this.studio.model.allConnections().filter((c) => isLocalConnection(c) && c.problems.length === 0);
    if (locals.length === 0) {
      throw new StudioError('notFound', vscode.l10n.t('There is no DynamoDB Local connection to create the table on.'), {
        hint: vscode.l10n.t('Start DynamoDB Local and add it with "DynamoDB: Add Endpoint Connection…" (for example http://localhost:8000).'),
      });
    }
    let conn = locals[0];
    if (locals.length > 1) {
      const picked = await vscode.window.showQuickPick(locals.map((c) => ({ label: c.name, description: c.endpoint, c })), { placeHolder: vscode.l10n.t('DynamoDB Local connection') });
      if (!picked) throw new Cancelled();
      conn = picked.c;
    }
    const declaredName = table.model.tableName;
    let name = typeof declaredName === 'string' ? declaredName : undefined;
    if (!name) {
      name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Name of the table on {0}', conn.name),
        prompt: isUnknown(declaredName) ? vscode.l10n.t('The file takes the name from {0}.', declaredName.$unknown) : vscode.l10n.t('The file leaves the name to CloudFormation.'),
        value: table.resourceId.replace(/^aws_dynamodb_table\./, ''),
        validateInput: (v) => resourceNameProblem(v, vscode.l10n.t('The table name')),
        ignoreFocusOut: true,
      });
      if (!name) throw new Cancelled();
    }
    let plan;
    try {
      plan = createPlanFor(table.model, name);
    } catch (err) {
      if (err instanceof NotCreatable) throw new StudioError('validation', err.message);
      throw err;
    }
    const region = conn.defaultRegion;
    const details = [
      vscode.l10n.t('Key: {0}', [plan.spec.partitionKey, plan.spec.sortKey].filter(Boolean).map((k) => `${k!.name} (${k!.type})`).join(' · ')),
      vscode.l10n.t('Billing: {0}', plan.spec.billing.mode),
      vscode.l10n.t('Indexes: {0}', [...(plan.spec.globalIndexes ?? []).map((g) => `${g.name} (GSI)`), ...(plan.spec.localIndexes ?? []).map((l) => `${l.name} (LSI)`)].join(', ') || vscode.l10n.t('none')),
      ...(plan.leftOut.length ? [vscode.l10n.t('Left out, unknown in the file: {0}', plan.leftOut.join(', '))] : []),
      ...(plan.notApplied.length ? [vscode.l10n.t('Not set on DynamoDB Local: {0}', plan.notApplied.join(', '))] : []),
    ].join('\n');
    const create = vscode.l10n.t('Create');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Create table "{0}" on {1} ({2}, {3}) as declared by {4} in {5}?', name, conn.name, conn.endpoint ?? '', region, table.resourceId, vscode.workspace.asRelativePath(document.uri)),
      { modal: true, detail: details },
      create,
    );
    if (answer !== create) throw new Cancelled();
    // The pool's client carries the guard: a read-only connection refuses, a confirm-writes one asks again.
    const client = await this.studio.pool.get(conn, region);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating table "{0}" on {1}', name, conn.name), cancellable: true }, (progress, token) =>
      createTable(client, plan.spec, {
        signal: abortSignalFor(token),
        onProgress: (p) => progress.report({ message: p.tableStatus }),
      }),
    );
    this.studio.tree.refresh();
    await this.studio.context.workspaceState.update(TARGET_KEY, { connectionId: conn.id, region });
    if (typeof declaredName !== 'string') this.chosenNames.set(`${document.uri.toString()}#${table.resourceId}@${conn.id}/${region}`, name);
    this.store.clearCompares(document.uri, table.resourceId);
    void vscode.window.showInformationMessage(vscode.l10n.t('Table "{0}" is ACTIVE on {1}.', name, conn.name));
    return name;
  }

  private loadReaders(): typeof Readers {
    // A separate bundle: yaml and the HCL parser are read only when a template needs them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.readers ??= require(path.join(this.distDir, 'iacReaders.js')) as typeof Readers;
    return this.readers;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

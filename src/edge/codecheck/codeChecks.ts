// DynamoDB inside the user's code: diagnostics while typing, hovers on table and index names, completion inside
// expression strings and CodeLenses over each request, for TypeScript and JavaScript files. The parser lives in
// dist/codecheck.js and is loaded on the first file that mentions a DynamoDB SDK, so activation stays small.
// Without `dynamodbStudio.codeChecks.connection` nothing is sent anywhere: only the syntax checks run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type * as Analyzer from '../../model/codecheck';
import type { DynamoCall, Finding, SchemaLookup, TableSchema } from '../../model/codecheck';
import { StudioError } from '../../model/errors';
import { formatBytes, billingSummary } from '../../model/table/tableInfo';
import type { Connection } from '../../services/aws/connections';
import { runPage } from '../../services/query/runner';
import { within } from '../../services/retry/backoff';
import { Commands, EDITOR_ANSWER_WAIT_MS, Settings } from '../base/constants';
import { escapeMarkdown } from '../../model/text/markdown';
import type { Studio } from '../studio/studio';
import { tableNodeId } from '../tree/model';
import type { RunCallArg } from '../commands/runCallInNotebook';

const LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];
const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));
/** How long a table's schema is trusted before it is described again. */
const SCHEMA_TTL_MS = 60_000;
const DEBOUNCE_MS = 300;

interface CodeCheckSettings {
  enabled: boolean;
  connectionId?: string;
  region?: string;
  tableNames: Record<string, string>;
  scanWarningItems: number;
}

type SchemaEntry = { at: number; schema: TableSchema | 'missing'; description?: TableDescription; attributes?: string[] } | { at: number; pending: Promise<void> };

interface Target {
  connection: Connection;
  region: string;
  label: string;
}

export class CodeChecks implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('dynamodb');
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly schemas = new Map<string, SchemaEntry>();
  private readonly codeLensChanged = new vscode.EventEmitter<void>();
  private analyzer: typeof Analyzer | undefined;
  private warnedConnection: string | undefined;

  constructor(
    private readonly studio: Studio,
    private readonly distDir: string,
  ) {
    this.disposables.push(
      this.codeLensChanged,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.codeChecks`) || e.affectsConfiguration(Settings.customEndpoints)) {
          this.schemas.clear();
          this.checkOpenDocuments();
        }
      }),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems: (d, p) => this.complete(d, p) }, '#', ':', ' ', '"', "'", ','),
      vscode.languages.registerCodeLensProvider(SELECTOR, { provideCodeLenses: (d) => this.codeLenses(d), onDidChangeCodeLenses: this.codeLensChanged.event }),
    );
    this.checkOpenDocuments();
  }

  private settings(): CodeCheckSettings {
    const config = vscode.workspace.getConfiguration(`${Settings.section}.codeChecks`);
    const connectionId = config.get<string>('connection')?.trim() || undefined;
    const tableNames = config.get<unknown>('tableNames');
    const threshold = config.get<unknown>('scanWarningItems');
    return {
      enabled: config.get<boolean>('enabled') !== false,
      connectionId,
      region: config.get<string>('region')?.trim() || undefined,
      tableNames:
        tableNames && typeof tableNames === 'object' && !Array.isArray(tableNames)
          ? Object.fromEntries(Object.entries(tableNames).filter((e): e is [string, string] => typeof e[1] === 'string'))
          : {},
      scanWarningItems: typeof threshold === 'number' && threshold >= 0 ? threshold : 10_000,
    };
  }

  private mapTableName(settings: CodeCheckSettings): (written: string) => string | undefined {
    return (written) => settings.tableNames[written];
  }

  private load(): typeof Analyzer {
    // A separate bundle: the parser is read only when a file needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.analyzer ??= require(path.join(this.distDir, 'codecheck.js')) as typeof Analyzer;
    return this.analyzer;
  }

  private relevant(document: vscode.TextDocument): boolean {
    return LANGUAGES.includes(document.languageId) && document.uri.scheme !== 'git';
  }

  private checkOpenDocuments(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.relevant(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document).catch((err) => this.studio.output.error(`Code checks of ${document.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`));
      }, delay),
    );
  }

  /** The calls of a document, or none when it does not mention a DynamoDB SDK. */
  private calls(document: vscode.TextDocument): DynamoCall[] {
    const text = document.getText();
    // Cheap test first, so files without DynamoDB never load the parser.
    if (!/@aws-sdk\/(client|lib)-dynamodb|aws-sdk/.test(text)) return [];
    const analyzer = this.load();
    return analyzer.extractDynamoCalls(text, document.fileName).calls;
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const settings = this.settings();
    if (!settings.enabled || document.isClosed) {
      this.diagnostics.delete(document.uri);
      return;
    }
    const calls = this.calls(document);
    if (calls.length === 0) {
      this.diagnostics.delete(document.uri);
      return;
    }
    const analyzer = this.load();
    const mapTableName = this.mapTableName(settings);
    const target = await this.target(settings);
    const version = document.version;
    const publish = () => {
      if (document.isClosed || document.version !== version) return;
      const lookup: SchemaLookup | undefined = target ? { table: (name) => this.cachedSchema(target, name), scanWarningItems: settings.scanWarningItems } : undefined;
      const findings = analyzer.checkCalls(calls, { lookup, mapTableName });
      this.diagnostics.set(document.uri, findings.map((f) => toDiagnostic(document, f)));
    };
    publish();
    if (target) {
      const missing = analyzer.tablesOfCalls(calls, mapTableName).filter((t) => this.cachedSchema(target, t) === undefined);
      await Promise.all(missing.map((t) => this.fetchSchema(target, t)));
      publish();
    }
    // The lenses depend on the schemas too; asking again also covers a document opened before activation.
    this.codeLensChanged.fire();
  }

  /** The connection and region the checks use, or undefined when the workspace names none. */
  private async target(settings: CodeCheckSettings): Promise<Target | undefined> {
    if (!settings.connectionId) return undefined;
    const { connections } = await this.studio.listConnections();
    const connection = connections.find((c) => c.id === settings.connectionId || c.name === settings.connectionId);
    if (!connection) {
      if (this.warnedConnection !== settings.connectionId) {
        this.warnedConnection = settings.connectionId;
        this.studio.output.warn(
          `Code checks: the setting dynamodbStudio.codeChecks.connection names "${settings.connectionId}", which is not one of your connections (${connections.map((c) => c.id).join(', ') || 'none'}). Only syntax checks run.`,
        );
      }
      return undefined;
    }
    const region = settings.region ?? connection.defaultRegion;
    return { connection, region, label: `${connection.name}, ${region}` };
  }

  private schemaKey(target: Target, table: string): string {
    return JSON.stringify([target.connection.id, target.region, table]);
  }

  private entry(target: Target, table: string): Extract<SchemaEntry, { schema: unknown }> | undefined {
    const e = this.schemas.get(this.schemaKey(target, table));
    return e && 'schema' in e && Date.now() - e.at < SCHEMA_TTL_MS ? e : undefined;
  }

  private cachedSchema(target: Target, table: string): TableSchema | 'missing' | undefined {
    return this.entry(target, table)?.schema;
  }

  private fetchSchema(target: Target, table: string): Promise<void> {
    const key = this.schemaKey(target, table);
    const existing = this.schemas.get(key);
    if (existing && 'pending' in existing) return existing.pending;
    const pending = (async () => {
      try {
        const description = await this.studio.describeTable(target.connection, target.region, table);
        this.schemas.set(key, { at: Date.now(), schema: this.load().schemaFromDescription(description, target.label), description });
      } catch (err) {
        if (err instanceof StudioError && (err.kind === 'notFound' || err.awsCode === 'ResourceNotFoundException')) {
          this.schemas.set(key, { at: Date.now(), schema: 'missing' });
        } else {
          // Unknown, not missing: a failure to describe is never reported as drift in the user's code.
          this.schemas.delete(key);
          this.studio.output.warn(`Code checks: could not describe "${table}" on ${target.label}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    this.schemas.set(key, { at: Date.now(), pending });
    return pending;
  }

  /** Fetches a table's description if it is not known, waiting at most EDITOR_ANSWER_WAIT_MS for it. */
  private async describeWithin(target: Target, table: string): Promise<void> {
    if (this.cachedSchema(target, table) === undefined) await within(this.fetchSchema(target, table), EDITOR_ANSWER_WAIT_MS, undefined);
  }

  /** Attribute names seen in a small sample of the table, for completion. */
  private async sampleAttributes(target: Target, table: string): Promise<string[]> {
    const entry = this.entry(target, table);
    if (!entry || entry.schema === 'missing') return [];
    if (entry.attributes) return entry.attributes;
    const client = await this.studio.pool.get(target.connection, target.region);
    const page = await runPage(client, { kind: 'scan', table, filters: [], filterJoin: 'AND', pageSize: 25 });
    const names = new Set<string>();
    for (const item of page.items) for (const name of Object.keys(item)) names.add(name);
    entry.attributes = [...names].sort();
    return entry.attributes;
  }

  // ---- hover -----------------------------------------------------------------------------------------------

  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const settings = this.settings();
    if (!settings.enabled) return undefined;
    const calls = this.calls(document);
    const at = this.load().targetAt(calls, document.offsetAt(position));
    if (!at || at.kind === 'expression') return undefined;
    const target = await this.target(settings);
    const mapTableName = this.mapTableName(settings);
    const tableName = this.load().liveTableName(at.params.table, mapTableName);
    if (!target || !tableName) return undefined;
    await this.describeWithin(target, tableName);
    const entry = this.entry(target, tableName);
    const range = new vscode.Range(document.positionAt(at.string.span.start), document.positionAt(at.string.span.end));
    const md = new vscode.MarkdownString();
    if (!entry) return undefined;
    if (entry.schema === 'missing') {
      md.appendMarkdown(`**${escapeMarkdown(tableName)}** does not exist on ${escapeMarkdown(target.label)}.`);
      return new vscode.Hover(md, range);
    }
    const schema = entry.schema;
    const keys = (k: { partitionKey: string; sortKey?: string }) => `\`${escapeMarkdown(k.partitionKey)}\`${k.sortKey ? ` · \`${escapeMarkdown(k.sortKey)}\`` : ''}`;
    if (at.kind === 'index') {
      const index = schema.indexes.find((i) => i.name === at.string.value);
      if (!index) return undefined;
      md.appendMarkdown(`**${escapeMarkdown(index.name)}** (${index.kind} of ${escapeMarkdown(schema.name)})\n\nKeys: ${keys(index)}\n\nChecked on ${escapeMarkdown(target.label)}`);
      return new vscode.Hover(md, range);
    }
    const lines = [
      `**${escapeMarkdown(schema.name)}**`,
      `Keys: ${keys(schema)}`,
      schema.indexes.length ? `Indexes: ${schema.indexes.map((i) => `${escapeMarkdown(i.name)} (${i.kind}: ${keys(i)})`).join(', ')}` : 'Indexes: none',
      `Items: ${schema.itemCount?.toLocaleString('en-US') ?? 'unknown'} · Size: ${formatBytes(schema.sizeBytes)} (DynamoDB updates these about every six hours)`,
      entry.description ? `Billing: ${escapeMarkdown(billingSummary(entry.description))}` : '',
      `Checked on ${escapeMarkdown(target.label)}`,
    ].filter(Boolean);
    md.appendMarkdown(lines.join('\n\n'));
    return new vscode.Hover(md, range);
  }

  // ---- completion ------------------------------------------------------------------------------------------

  private async complete(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const settings = this.settings();
    if (!settings.enabled) return undefined;
    const calls = this.calls(document);
    const analyzer = this.load();
    const at = analyzer.targetAt(calls, document.offsetAt(position));
    if (!at) return undefined;
    const before = document.getText(new vscode.Range(position.translate(0, -Math.min(1, position.character)), position));
    if (at.kind === 'expression' && (before === '#' || before === ':')) {
      const declared = before === '#' ? at.params.names : at.params.values;
      return (declared?.entries ?? []).map((e) => {
        const item = new vscode.CompletionItem(e.key, vscode.CompletionItemKind.Variable);
        item.insertText = e.key.slice(1);
        item.detail = e.value?.literal ? `stands for "${e.value.value}"` : 'declared in this request';
        return item;
      });
    }
    const target = await this.target(settings);
    const tableName = analyzer.liveTableName(at.params.table, this.mapTableName(settings));
    if (!target || !tableName) return undefined;
    await this.describeWithin(target, tableName);
    const schema = this.cachedSchema(target, tableName);
    if (!schema || schema === 'missing') return undefined;
    if (at.kind === 'index') {
      return schema.indexes.map((i) => {
        const item = new vscode.CompletionItem(i.name, vscode.CompletionItemKind.Reference);
        item.detail = `${i.kind}: ${i.partitionKey}${i.sortKey ? ` · ${i.sortKey}` : ''}`;
        return item;
      });
    }
    if (at.kind !== 'expression') return undefined;
    const index = at.params.index?.literal ? schema.indexes.find((i) => i.name === at.params.index?.value) : undefined;
    const keys = index ?? schema;
    const names = new Set<string>([keys.partitionKey, ...(keys.sortKey ? [keys.sortKey] : [])]);
    if (at.property !== 'KeyConditionExpression') {
      names.add(schema.partitionKey);
      if (schema.sortKey) names.add(schema.sortKey);
      for (const n of await within(this.sampleAttributes(target, tableName).catch(() => []), EDITOR_ANSWER_WAIT_MS, [])) names.add(n);
    }
    return [...names].map((name, i) => {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Field);
      const isKey = name === keys.partitionKey || name === keys.sortKey;
      item.detail = isKey ? `${name === keys.partitionKey ? 'partition' : 'sort'} key of ${index ? `index ${index.name}` : schema.name}` : `attribute seen in ${schema.name}`;
      item.sortText = `${isKey ? 0 : 1}${String(i).padStart(4, '0')}`;
      if (analyzer.isReservedWord(name)) item.detail += ' (reserved word: write it through a #placeholder)';
      return item;
    });
  }

  // ---- CodeLens ----------------------------------------------------------------------------------------------

  private async codeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const settings = this.settings();
    if (!settings.enabled) return [];
    const calls = this.calls(document);
    if (calls.length === 0) return [];
    const analyzer = this.load();
    const mapTableName = this.mapTableName(settings);
    const target = await this.target(settings).catch(() => undefined);
    if (target) {
      // Never wait here for DynamoDB: VS Code spaces every later CodeLens request of a document by how long the
      // earlier ones took, so one slow answer (the first DescribeTable of a session, a slow endpoint) would hold
      // back every refresh of the lenses for up to a minute. The lenses that need a table's description come when
      // it arrives: the lenses are asked for again then, once a description (or its absence) is known.
      const unknown = analyzer.tablesOfCalls(calls, mapTableName).filter((t) => this.cachedSchema(target, t) === undefined);
      if (unknown.length) {
        void Promise.all(unknown.map((t) => this.fetchSchema(target, t))).then(() => {
          if (unknown.some((t) => this.cachedSchema(target, t) !== undefined)) this.codeLensChanged.fire();
        });
      }
    }
    const lenses: vscode.CodeLens[] = [];
    for (const call of calls) {
      const range = new vscode.Range(document.positionAt(call.span.start), document.positionAt(call.span.start));
      const tables = analyzer.tablesOfCalls([call], mapTableName);
      if (target && tables.length === 1 && this.cachedSchema(target, tables[0]) && this.cachedSchema(target, tables[0]) !== 'missing') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `Open ${tables[0]} on ${target.connection.name}`,
            tooltip: `Open the table viewer of "${tables[0]}" on ${target.label}`,
            command: Commands.openTable,
            arguments: [tableNodeId(target.connection.id, target.region, tables[0])],
          }),
        );
      }
      if (target && analyzer.isRunnableCall(call)) {
        const partitionKeyOf = (table: string, index: string | undefined): string | undefined => {
          const schema = this.cachedSchema(target, table);
          if (!schema || schema === 'missing') return undefined;
          return index ? schema.indexes.find((i) => i.name === index)?.partitionKey : schema.partitionKey;
        };
        const plan = analyzer.planRun(call, { mapTableName, partitionKeyOf });
        const line = document.positionAt(call.span.start).line + 1;
        const arg: RunCallArg = {
          plan,
          connectionId: target.connection.id,
          connectionName: target.connection.name,
          region: target.region,
          source: `${vscode.workspace.asRelativePath(document.uri)}:${line}`,
        };
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Run on {0}', target.connection.name),
            tooltip: plan.ok
              ? vscode.l10n.t('Open this {0} as a notebook cell on {1} and run it', call.operation, target.label)
              : plan.reason,
            command: Commands.runCallInNotebook,
            arguments: [arg],
          }),
        );
      }
      const arnOf = (table: string): string => {
        const description = target ? this.entry(target, table)?.description : undefined;
        return description?.TableArn ?? `arn:aws:dynamodb:${target?.region ?? '*'}:*:table/${table}`;
      };
      const { policy, unknown } = analyzer.policyForCall(call, arnOf, mapTableName);
      if (policy.Statement.length > 0) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Copy IAM policy for this call',
            tooltip: `The least-privilege policy for this ${call.operation}`,
            command: Commands.copyCallPolicy,
            arguments: [{ policy, unknown, operation: call.operation }],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(document: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(f.span.start), document.positionAt(f.span.end));
  const severity = f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(range, f.message, severity);
  d.source = 'DynamoDB';
  d.code = f.code;
  return d;
}

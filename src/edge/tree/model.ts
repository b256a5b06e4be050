// The explorer as plain data: nodes with hierarchical ids (connection/region/table) and the logic that loads
// their children. No 'vscode' import here, so the model is unit-tested in plain Node; treeProvider.ts renders it.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { connectionMode, serverOf, type Connection } from '../../services/aws/connections';
import { MODE_COLORS, MODE_DESCRIPTIONS, MODE_ICONS, MODE_LABELS } from '../../model/aws/connectionMode';
import type { ConfigDiagnostic } from '../../services/aws/profiles';
import { regionLabel } from '../../model/aws/regions';
import { StudioError, toStudioError } from '../../model/errors';
import { FairLimiter } from '../../services/aws/fairLimiter';
import { escapeMarkdown as md } from '../../model/text/markdown';
import { connectionNodeId, joinNodeId, regionNodeId, splitNodeId, tableNodeId } from './nodeIds';
import { isRunning, jobDescription, jobLabel, jobTooltip, type JobView } from '../../model/s3jobs/jobs';
import type { TableJobs } from '../../services/s3jobs/jobs';
import { indexSummaries, keySchemaSummary, streamSummary, tableTooltipLines, timeToLiveLabel, type TimeToLiveLookup } from '../../model/table/tableInfo';

export type NodeKind = 'connection' | 'region' | 'table' | 'detail' | 'jobs' | 'job' | 'error' | 'info';

export interface ExplorerNode {
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** Codicon id. */
  icon: string;
  /** Theme colour id for the icon (e.g. the connection's guard mode). */
  iconColor?: string;
  collapsible: boolean;
  /** Words joined into the TreeItem contextValue; package.json menus match them with \b regexes. */
  tags: string[];
  connectionId?: string;
  region?: string;
  tableName?: string;
  /** For error nodes: the error, its retry target and an optional fix command. */
  error?: StudioError;
  retryId?: string;
  fixCommand?: string;
  /** For job nodes: the export or import job as last described. */
  job?: JobView;
  /** For jobs folders: the table's ARN, which ListExports and ListImports take. */
  tableArn?: string;
}

export interface ExplorerBackend {
  listConnections(): Promise<{ connections: Connection[]; diagnostics: ConfigDiagnostic[] }>;
  regionsFor(connection: Connection): string[];
  /** All table names of a region; `signal` aborts when the explorer stops waiting (its listing timeout). */
  listTables(connection: Connection, region: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * Resolves what a listing needs before it takes one of the explorer's request slots (a connection's credentials,
   * which may wait for an MFA code typed by the person): that wait neither holds a slot nor counts to the timeout.
   */
  prepareListing?(connection: Connection, region: string): Promise<void>;
  /**
   * The server a region's listing talks to, for the per-server cap; without it, serverOf (the custom endpoint's
   * host, else the AWS region).
   */
  serverOf?(connection: Connection, region: string): string;
  describeTable(connection: Connection, region: string, table: string): Promise<TableDescription>;
  describeTimeToLive(connection: Connection, region: string, table: string): Promise<TimeToLiveLookup>;
  /** Export and import jobs of a table; without it the explorer shows no jobs folder. */
  listTableJobs?(connection: Connection, region: string, tableArn: string): Promise<TableJobs>;
}

export { regionNodeId, tableNodeId, connectionNodeId } from './nodeIds';

/** How the explorer lists many connections × regions: bounded, fair, and never waiting forever. */
export interface ExplorerListingOptions {
  /** Region listings (ListTables, page after page) running at once over the whole explorer. */
  maxInFlight: number;
  /** Region listings running at once for one connection, so one slow or hung account cannot take every slot. */
  perConnection: number;
  /**
   * Region listings running at once against one server (a custom endpoint, or one AWS region's endpoint, which all
   * accounts share), so no single server gets more than this from us however many accounts are open.
   */
  perServer: number;
  /** Milliseconds one region's listing may take, all pages and retries included, before it shows as an error. */
  timeoutMs: number;
}

/**
 * The caps count servers: 17 AWS regions are 17 separate endpoints, so one global cap sized for one server (64,
 * before) queued 50 accounts × 17 regions in 14 waves although no region's endpoint had more than a few of our
 * requests. Now one server gets at most what the whole explorer used to send (64), the process at most 256 in all
 * (the shape of a browser's connection limits: some per host, a bounded total), and one account at most 8.
 */
export const DEFAULT_LISTING: ExplorerListingOptions = { maxInFlight: 256, perConnection: 8, perServer: 64, timeoutMs: 20_000 };

/** The limiter of a listing's ListTables under these caps: connections are its keys, servers its groups. */
export function listingLimiter(listing: ExplorerListingOptions): FairLimiter {
  return new FairLimiter({ maxInFlight: listing.maxInFlight, perKey: listing.perConnection, perGroup: listing.perServer });
}

/** Case-insensitive substring filter; `*` matches any run of characters. */
export function matchesFilter(name: string, filter: string | undefined): boolean {
  if (!filter) return true;
  const parts = filter.toLowerCase().split('*').map((p) => p.trim());
  const lower = name.toLowerCase();
  if (parts.length === 1) return lower.includes(parts[0]);
  let at = 0;
  for (const part of parts) {
    const found = lower.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}

function errorNode(parentId: string, err: unknown, operation: string, conn?: Connection, region?: string): ExplorerNode {
  const e = toStudioError(err, { operation, profile: conn?.profile?.name, endpoint: conn?.endpoint, region });
  const tags = ['error'];
  if (e.fixCommand) tags.push('ssoLogin');
  if (e.kind === 'accessDenied') tags.push('accessDenied');
  const tooltipParts = [`**${md(e.message)}**`];
  if (e.hint) tooltipParts.push(md(e.hint));
  if (e.fixCommand) tooltipParts.push('```sh\n' + e.fixCommand + '\n```');
  return {
    id: `${parentId}#error`,
    kind: 'error',
    label: e.message,
    description: e.hint,
    tooltip: tooltipParts.join('\n\n'),
    icon: 'error',
    collapsible: false,
    tags,
    connectionId: conn?.id,
    region,
    error: e,
    retryId: parentId,
    fixCommand: e.fixCommand,
  };
}

function connectionNode(c: Connection): ExplorerNode {
  const tags = ['connection', c.kind];
  const mode = connectionMode(c);
  if (c.readOnly) tags.push('readOnly');
  if (mode === 'confirmWrites') tags.push('confirmWrites');
  if (c.problems.length) tags.push('broken');
  const kindText = c.kind === 'endpoint' ? 'endpoint' : (c.profile?.kind ?? 'profile');
  const lines = [`**${md(c.name)}** (${c.kind === 'endpoint' ? 'custom endpoint' : `AWS profile, ${kindText}`})`];
  if (c.endpoint) lines.push(`Endpoint: ${md(c.endpoint)}`);
  lines.push(`Region: ${md(c.defaultRegion)}`);
  lines.push(`Mode: ${MODE_LABELS[mode]}. ${MODE_DESCRIPTIONS[mode]}`);
  for (const p of c.modeProblems ?? []) lines.push(`⚠ ${md(p)}`);
  if (c.profile?.sources.length) lines.push(`Defined in: ${md(c.profile.sources.map((s) => `${s.file}:${s.line}`).join(', '))}`);
  for (const p of c.problems) lines.push(`⚠ ${md(p)}`);
  return {
    id: connectionNodeId(c.id),
    kind: 'connection',
    label: c.name,
    description: [c.kind === 'endpoint' ? c.endpoint : kindText, c.kind === 'profile' ? c.endpoint : undefined, mode === 'normal' ? undefined : MODE_LABELS[mode].toLowerCase()].filter(Boolean).join(' · '),
    tooltip: lines.join('\n\n'),
    icon: c.problems.length ? 'warning' : mode !== 'normal' ? MODE_ICONS[mode] : c.kind === 'endpoint' ? 'server-environment' : 'account',
    iconColor: c.problems.length ? undefined : MODE_COLORS[mode],
    collapsible: true,
    tags,
    connectionId: c.id,
  };
}

/**
 * Loads and caches children per node id. Region table lists are fetched in parallel as soon as a connection is
 * expanded, so opening several regions costs about as much as the slowest one. With many connections expanded, at
 * most `maxInFlight` listings run at once (and `perServer` against one server), shared round-robin between
 * connections (see FairLimiter), and a listing
 * that gets no answer becomes the region's error node (with Retry) after `timeoutMs`.
 */
export class ExplorerModel {
  private connections = new Map<string, Connection>();
  private connectionsLoad: Promise<ExplorerNode[]> | undefined;
  private readonly tableLists = new Map<string, Promise<string[]>>();
  private readonly descriptions = new Map<string, Promise<TableDescription>>();
  private readonly nodes = new Map<string, ExplorerNode>();
  private readonly filters = new Map<string, string>();
  private readonly listing: ExplorerListingOptions;
  /** The one limiter of every ListTables the explorer sends, shared fairly between connections. */
  private readonly listingSlots: FairLimiter;

  constructor(
    private readonly backend: ExplorerBackend,
    listing: Partial<ExplorerListingOptions> = {},
  ) {
    this.listing = { ...DEFAULT_LISTING, ...listing };
    this.listingSlots = listingLimiter(this.listing);
  }

  node(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  /**
   * A node by id, loading the path to it from the root (connection, region, table: see nodeIds.ts) if needed. Ids
   * with a "#..." suffix (error, filter and detail nodes) are found among the children of the node they hang under.
   */
  async resolve(id: string): Promise<ExplorerNode | undefined> {
    const cached = this.nodes.get(id);
    if (cached) return cached;
    const parts = splitNodeId(id);
    // Start below the nearest ancestor already known: loading its ancestors again would make new node objects that
    // the tree view does not know, and a refresh of such an object is ignored by VS Code.
    let start = 0;
    for (let depth = parts.length - 1; depth >= 1; depth--) {
      if (this.nodes.has(joinNodeId(...parts.slice(0, depth)))) {
        start = depth;
        break;
      }
    }
    let children = await this.getChildren(start ? this.nodes.get(joinNodeId(...parts.slice(0, start))) : undefined);
    for (let depth = start + 1; ; depth++) {
      const exact = children.find((c) => c.id === id);
      if (exact || depth > parts.length) return exact;
      const prefix = joinNodeId(...parts.slice(0, depth));
      const next = children.find((c) => c.id === prefix);
      if (!next) return undefined;
      children = await this.getChildren(next);
    }
  }

  connection(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  allConnections(): Connection[] {
    return [...this.connections.values()];
  }

  filterOf(regionId: string): string | undefined {
    return this.filters.get(regionId);
  }

  setFilter(regionId: string, filter: string | undefined): void {
    if (filter && filter.trim()) this.filters.set(regionId, filter.trim());
    else this.filters.delete(regionId);
  }

  /** Forgets cached data under a node (or everything), so the next getChildren reloads it. */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.connectionsLoad = undefined;
      this.tableLists.clear();
      this.descriptions.clear();
      return;
    }
    for (const key of [...this.tableLists.keys()]) if (key === id || key.startsWith(`${id}/`)) this.tableLists.delete(key);
    for (const key of [...this.descriptions.keys()]) if (key === id || key.startsWith(`${id}/`)) this.descriptions.delete(key);
  }

  async getChildren(parent?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = await this.loadChildren(parent);
    for (const child of children) this.nodes.set(child.id, child);
    return children;
  }

  private loadChildren(parent?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!parent) return this.rootChildren();
    const conn = parent.connectionId ? this.connections.get(parent.connectionId) : undefined;
    switch (parent.kind) {
      case 'connection':
        return Promise.resolve(conn ? this.regionChildren(conn) : []);
      case 'region':
        return conn && parent.region ? this.tableChildren(conn, parent) : Promise.resolve([]);
      case 'table':
        return conn && parent.region && parent.tableName ? this.tableDetailChildren(conn, parent.region, parent.tableName, parent.id) : Promise.resolve([]);
      case 'jobs':
        return conn && parent.region && parent.tableArn ? this.jobChildren(conn, parent) : Promise.resolve([]);
      default:
        return Promise.resolve([]);
    }
  }

  private rootChildren(): Promise<ExplorerNode[]> {
    if (!this.connectionsLoad) {
      this.connectionsLoad = this.backend.listConnections().then(
        ({ connections, diagnostics }) => {
          this.connections = new Map(connections.map((c) => [c.id, c]));
          const nodes = connections.map(connectionNode);
          for (const d of diagnostics) {
            nodes.push({
              id: `config#${d.file}:${d.line}`,
              kind: 'error',
              label: `${d.file}:${d.line}: ${d.message}`,
              description: 'AWS config problem',
              tooltip: `**${md(d.message)}**\n\n${md(d.file)}, line ${d.line}. Fix the line, then refresh.`,
              icon: 'warning',
              collapsible: false,
              tags: ['error', 'configProblem'],
            });
          }
          return nodes;
        },
        (err) => {
          this.connectionsLoad = undefined;
          return [errorNode('root', err, 'Reading the AWS config files')];
        },
      );
    }
    return this.connectionsLoad;
  }

  private regionChildren(conn: Connection): ExplorerNode[] {
    if (conn.problems.length) {
      const problem = new StudioError('badConfig', `${conn.kind === 'profile' ? 'Profile' : 'Endpoint'} "${conn.name}" cannot be used: ${conn.problems.join(' ')}`, {
        hint: conn.kind === 'profile' ? 'Fix it in your AWS config or credentials file, then refresh.' : 'Fix it in the dynamodbStudio.customEndpoints setting, then refresh.',
      });
      return [errorNode(conn.id, problem, `Opening "${conn.name}"`, conn)];
    }
    const regions = this.backend.regionsFor(conn);
    // Start every region's table listing now, in parallel; expanding a region then awaits its own promise.
    for (const region of regions) this.tableList(conn, region);
    return regions.map((region) => {
      const id = regionNodeId(conn.id, region);
      const filter = this.filters.get(id);
      const tags = ['region'];
      if (region !== conn.defaultRegion) tags.push('removable');
      if (filter) tags.push('filtered');
      return {
        id,
        kind: 'region',
        label: region,
        description: [regionLabel(region), region === conn.defaultRegion ? 'default' : undefined, filter ? `filter: ${filter}` : undefined].filter(Boolean).join(' · ') || undefined,
        icon: 'globe',
        collapsible: true,
        tags,
        connectionId: conn.id,
        region,
      };
    });
  }

  private tableList(conn: Connection, region: string): Promise<string[]> {
    const id = regionNodeId(conn.id, region);
    let list = this.tableLists.get(id);
    if (!list) {
      const prepared = this.backend.prepareListing ? this.backend.prepareListing(conn, region) : Promise.resolve();
      const server = this.backend.serverOf ? this.backend.serverOf(conn, region) : serverOf(conn, region);
      list = prepared.then(() => this.listingSlots.run(conn.id, () => this.listWithDeadline(conn, region), server));
      list.catch(() => undefined); // errors are rendered when the region is expanded
      this.tableLists.set(id, list);
    }
    return list;
  }

  /** One region's listing, given up (and its requests aborted) after the listing timeout, so its slot comes back. */
  private listWithDeadline(conn: Connection, region: string): Promise<string[]> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = Math.round(this.listing.timeoutMs / 100) / 10;
        const err = new StudioError('endpointUnreachable', `Listing tables in ${region} of "${conn.name}" got no answer within ${seconds} s.`, {
          hint: 'The endpoint or network did not respond (VPN, proxy, firewall, or a server that is down). Check it, then Retry.',
        });
        reject(err);
        controller.abort(err);
      }, this.listing.timeoutMs);
    });
    return Promise.race([this.backend.listTables(conn, region, controller.signal), deadline]).finally(() => clearTimeout(timer));
  }

  private async tableChildren(conn: Connection, regionNode: ExplorerNode): Promise<ExplorerNode[]> {
    const region = regionNode.region as string;
    let names: string[];
    try {
      names = await this.tableList(conn, region);
    } catch (err) {
      this.tableLists.delete(regionNode.id);
      return [errorNode(regionNode.id, err, `Listing tables in ${region}`, conn, region)];
    }
    const filter = this.filters.get(regionNode.id);
    const shown = filter ? names.filter((n) => matchesFilter(n, filter)) : names;
    const nodes: ExplorerNode[] = shown.map((name) => ({
      id: tableNodeId(conn.id, region, name),
      kind: 'table',
      label: name,
      icon: 'table',
      collapsible: true,
      tags: conn.readOnly ? ['table', 'readOnly'] : ['table'],
      connectionId: conn.id,
      region,
      tableName: name,
    }));
    if (filter) {
      nodes.unshift({
        id: `${regionNode.id}#filter`,
        kind: 'info',
        label: `Filter "${filter}": ${shown.length} of ${names.length} tables`,
        icon: 'filter',
        collapsible: false,
        tags: ['info', 'filterInfo'],
        connectionId: conn.id,
        region,
      });
    } else if (names.length === 0) {
      nodes.push({ id: `${regionNode.id}#empty`, kind: 'info', label: 'No tables in this region', icon: 'info', collapsible: false, tags: ['info'], connectionId: conn.id, region });
    }
    return nodes;
  }

  /** DescribeTable of a table, cached until the table or one of its parents is refreshed. */
  describe(conn: Connection, region: string, table: string): Promise<TableDescription> {
    const id = tableNodeId(conn.id, region, table);
    let d = this.descriptions.get(id);
    if (!d) {
      d = this.backend.describeTable(conn, region, table);
      d.catch(() => this.descriptions.delete(id));
      this.descriptions.set(id, d);
    }
    return d;
  }

  /** The Markdown tooltip of a table node (needs DescribeTable, so it is filled in lazily). */
  async tableTooltip(node: ExplorerNode): Promise<string | undefined> {
    const conn = node.connectionId ? this.connections.get(node.connectionId) : undefined;
    if (!conn || !node.region || !node.tableName) return undefined;
    try {
      const desc = await this.describe(conn, node.region, node.tableName);
      return [`**${md(node.tableName)}**`, ...tableTooltipLines(desc).map(md)].join('\n\n');
    } catch (err) {
      return md(toStudioError(err, { operation: `Describing ${node.tableName}` }).fullMessage);
    }
  }

  private async tableDetailChildren(conn: Connection, region: string, table: string, parentId: string): Promise<ExplorerNode[]> {
    let desc: TableDescription;
    let ttl: TimeToLiveLookup | undefined;
    try {
      [desc, ttl] = await Promise.all([
        this.describe(conn, region, table),
        this.backend.describeTimeToLive(conn, region, table).catch(() => undefined),
      ]);
    } catch (err) {
      return [errorNode(parentId, err, `Describing ${table}`, conn, region)];
    }
    const base = { kind: 'detail' as const, collapsible: false, connectionId: conn.id, region, tableName: table };
    const nodes: ExplorerNode[] = [
      // Opening the table is one click on its first child (issue 14, finding 7); the row itself still expands.
      { ...base, id: `${parentId}#open`, label: 'Open Table', description: 'query, scan and edit items', icon: 'table', tags: ['detail', 'openTable'] },
      { ...base, id: `${parentId}#key`, label: keySchemaSummary(desc), description: 'key schema', icon: 'key', tags: ['detail', 'keySchema'] },
    ];
    for (const index of indexSummaries(desc)) {
      nodes.push({
        ...base,
        id: `${parentId}#index:${index.name}`,
        label: index.name,
        description: [index.kind, index.keySummary, index.statusLabel].filter(Boolean).join(' · '),
        tooltip: [`**${md(index.name)}** (${index.kind})`, `Keys: ${md(index.keySummary)}`, `Status: ${md(index.statusLabel)}`, `Projection: ${md(index.projectionLabel)}`]
          .filter(Boolean)
          .join('\n\n'),
        icon: 'list-tree',
        tags: ['detail', 'index', index.kind.toLowerCase()],
      });
    }
    const stream = streamSummary(desc);
    nodes.push({
      ...base,
      id: `${parentId}#stream`,
      label: 'Stream',
      description: stream.label,
      tooltip: stream.arn ? `Stream ARN: ${md(stream.arn)}` : undefined,
      icon: 'pulse',
      tags: ['detail', 'stream'],
    });
    const ttlText = ttl === undefined ? 'unknown (the TTL setting could not be read)' : timeToLiveLabel(ttl);
    nodes.push({ ...base, id: `${parentId}#ttl`, label: 'TTL', description: ttlText, icon: 'watch', tags: ['detail', 'ttl'] });
    if (this.backend.listTableJobs && desc.TableArn) {
      nodes.push({
        ...base,
        kind: 'jobs',
        id: `${parentId}#jobs`,
        label: 'S3 Export and Import Jobs',
        tooltip: 'DynamoDB’s own Export to S3 and Import from S3 jobs of this table, newest first; running jobs refresh by themselves.',
        icon: 'cloud',
        collapsible: true,
        tags: conn.readOnly ? ['jobs', 'readOnly'] : ['jobs'],
        tableArn: desc.TableArn,
      });
    }
    return nodes;
  }

  /** The jobs of a table; never cached, so a refresh of the folder describes them again. */
  private async jobChildren(conn: Connection, parent: ExplorerNode): Promise<ExplorerNode[]> {
    const base = { connectionId: conn.id, region: parent.region, tableName: parent.tableName, collapsible: false };
    let listed: TableJobs;
    try {
      listed = await this.backend.listTableJobs!(conn, parent.region!, parent.tableArn!);
    } catch (err) {
      return [errorNode(parent.id, err, `Listing the export and import jobs of ${parent.tableName}`, conn, parent.region)];
    }
    if (listed.unsupported) {
      return [{ ...base, id: `${parent.id}#unsupported`, kind: 'info', label: 'Not supported by this endpoint', description: listed.unsupported, tooltip: listed.unsupported, icon: 'info', tags: ['info'] }];
    }
    if (listed.jobs.length === 0) {
      return [{ ...base, id: `${parent.id}#none`, kind: 'info', label: 'No export or import jobs', description: 'Export to S3… starts one', icon: 'info', tags: ['info'] }];
    }
    return listed.jobs.map((job) => jobNode(parent.id, job, base));
  }
}

const JOB_ICONS: Record<JobView['status'], string> = {
  IN_PROGRESS: 'sync~spin',
  CANCELLING: 'sync~spin',
  COMPLETED: 'pass',
  FAILED: 'error',
  CANCELLED: 'circle-slash',
  UNKNOWN: 'question',
};

/** True when a jobs folder's children include a running job (the tree then refreshes it again soon). */
export const hasRunningJob = (children: readonly ExplorerNode[]): boolean => children.some((c) => c.job && isRunning(c.job));

function jobNode(parentId: string, job: JobView, base: Partial<ExplorerNode>): ExplorerNode {
  const tags = ['job', job.kind, job.status.toLowerCase()];
  if (job.kind === 'export' && job.status === 'COMPLETED' && (job.format ?? 'DYNAMODB_JSON') === 'DYNAMODB_JSON' && job.exportType !== 'INCREMENTAL_EXPORT') tags.push('downloadable');
  return {
    ...base,
    id: `${parentId}#${job.kind}:${job.id}`,
    kind: 'job',
    label: jobLabel(job),
    description: jobDescription(job),
    tooltip: jobTooltip(job),
    icon: JOB_ICONS[job.status],
    collapsible: false,
    tags,
    job,
  };
}

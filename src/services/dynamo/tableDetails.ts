// Everything the describe APIs say about one table, gathered in parallel, and rendered as one readable Markdown
// page. A section whose API the endpoint lacks (DynamoDB Local has no tags and no backups) is marked as not
// supported instead of failing the whole page.
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  type ContinuousBackupsDescription,
  type Tag,
  type TableDescription,
  type TimeToLiveDescription,
} from '@aws-sdk/client-dynamodb';
import { StudioError } from '../../model/errors';
import { replicaViews, type ReplicaView } from './backups';
import { adminError, clientLocation, isUnsupportedOperation, sendAs } from './tableAdmin';
import { billingSummary, type DescribeSection, formatBytes, indexSummaries, keySchemaSummary, streamSummary, timeToLiveLabel } from '../../model/table/tableInfo';

export interface TableDetails {
  table: TableDescription;
  timeToLive: DescribeSection<TimeToLiveDescription>;
  continuousBackups: DescribeSection<ContinuousBackupsDescription>;
  tags: DescribeSection<Tag[]>;
  replicas: DescribeSection<ReplicaView[]>;
  /** Where the client points, for the page header. */
  location: { endpoint?: string; region?: string };
}

/**
 * Runs one describe call for a section: its value, or `supported: false` with the reason when the endpoint lacks
 * the API. Any other failure (access denied, network) is thrown: the page must not hide it.
 */
async function section<T>(client: DynamoDBClient, operation: string, feature: string, call: () => Promise<T>): Promise<DescribeSection<T>> {
  try {
    return { supported: true, value: await call() };
  } catch (err) {
    const e = await adminError(client, operation, err);
    if (isUnsupportedOperation(e)) return { supported: false, reason: `Not supported by this endpoint: it has no ${feature} (${e.awsCode ?? 'unsupported'}).` };
    throw e;
  }
}

export async function describeTableDetails(client: DynamoDBClient, tableName: string, options: { signal?: AbortSignal } = {}): Promise<TableDetails> {
  const { signal } = options;
  const { Table: table } = await sendAs(client, `Describe table "${tableName}"`, signal, () =>
    client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: signal }),
  );
  if (!table) throw new StudioError('unknown', `Describe table "${tableName}" failed: the endpoint returned no table description.`);
  const [timeToLive, continuousBackups, tags, location] = await Promise.all([
    section<TimeToLiveDescription>(client, `Read the time to live of "${tableName}"`, 'time to live', async () => {
      const out = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }), { abortSignal: signal });
      return out.TimeToLiveDescription ?? { TimeToLiveStatus: 'DISABLED' };
    }),
    section<ContinuousBackupsDescription>(client, `Read the backup settings of "${tableName}"`, 'backups or point-in-time recovery', async () => {
      const out = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }), { abortSignal: signal });
      return out.ContinuousBackupsDescription ?? { ContinuousBackupsStatus: undefined };
    }),
    section(client, `Read the tags of "${tableName}"`, 'tags', async () => {
      const tags: Tag[] = [];
      let next: string | undefined;
      do {
        const out = await client.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn, NextToken: next }), { abortSignal: signal });
        tags.push(...(out.Tags ?? []));
        next = out.NextToken && out.NextToken !== next ? out.NextToken : undefined;
      } while (next);
      return tags;
    }),
    clientLocation(client),
  ]);
  // Replicas come with DescribeTable; there is nothing to be unsupported.
  const replicas: DescribeSection<ReplicaView[]> = { supported: true, value: replicaViews(table) };
  return { table, timeToLive, continuousBackups, tags, replicas, location };
}

// ---- Markdown ----------------------------------------------------------------------------------------------------

/** Escapes text for a Markdown table cell or paragraph. */
export function mdText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const code = (text: string) => '`' + text.replace(/`/g, 'ˋ') + '`';
const date = (d: Date | undefined) => (d ? new Date(d).toISOString().replace('.000Z', 'Z') : '—');
const count = (n: number | undefined) => (n === undefined ? 'unknown' : n.toLocaleString('en-US'));

function table(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function unsupported(s: { supported: false; reason: string }): string[] {
  return [`_${mdText(s.reason)}_`];
}

/** The details page, most used facts first. */
export function tableDetailsMarkdown(d: TableDetails): string[] {
  const t = d.table;
  const where = d.location.endpoint ? `${d.location.endpoint} (${d.location.region ?? '?'})` : (d.location.region ?? '');
  const lines: string[] = [`# ${mdText(t.TableName ?? '?')}`, '', `${mdText(where)}${where ? ' · ' : ''}status **${t.TableStatus ?? 'unknown'}**`, ''];

  lines.push('## Overview', '');
  lines.push(
    ...table(
      ['Property', 'Value'],
      [
        ['ARN', t.TableArn ? code(t.TableArn) : '—'],
        ['Key', mdText(keySchemaSummary(t) || 'unknown')],
        ['Billing', mdText(billingSummary(t))],
        ['Items (approximate)', count(t.ItemCount)],
        ['Size (approximate)', formatBytes(t.TableSizeBytes)],
        ['Table class', t.TableClassSummary?.TableClass ?? 'STANDARD'],
        ['Deletion protection', t.DeletionProtectionEnabled ? 'on' : 'off'],
        ['Encryption', t.SSEDescription ? `${t.SSEDescription.SSEType ?? 'KMS'} (${t.SSEDescription.Status ?? '?'})` : 'owned by DynamoDB (default)'],
        ['Created', date(t.CreationDateTime)],
      ],
    ),
    '',
  );

  lines.push('## Indexes', '');
  const indexes = indexSummaries(t);
  if (indexes.length === 0) lines.push('No secondary indexes.');
  else {
    lines.push(
      ...table(
        ['Name', 'Kind', 'Keys', 'Projection', 'Status', 'Capacity', 'Items'],
        indexes.map((i) => [
          mdText(i.name),
          i.kind,
          mdText(i.keySummary),
          mdText(i.projectionLabel),
          mdText(i.statusLabel),
          i.provisioned ? `${i.provisioned.readCapacityUnits} RCU / ${i.provisioned.writeCapacityUnits} WCU` : '—',
          count(i.itemCount),
        ]),
      ),
    );
  }
  lines.push('');

  lines.push('## Stream', '');
  const stream = streamSummary(t);
  lines.push(stream.enabled ? `On, view type **${stream.viewType ?? '?'}**.` : 'Off.');
  if (stream.arn) lines.push('', `ARN: ${code(stream.arn)}`);
  lines.push('');

  lines.push('## Time to live', '');
  lines.push(...(d.timeToLive.supported ? [mdText(timeToLiveLabel(d.timeToLive.value))] : unsupported(d.timeToLive)), '');

  lines.push('## Backups', '');
  if (d.continuousBackups.supported) {
    const cb = d.continuousBackups.value;
    const pitr = cb.PointInTimeRecoveryDescription;
    lines.push(`Continuous backups: ${cb.ContinuousBackupsStatus ?? 'unknown'}.`, '');
    lines.push(
      pitr?.PointInTimeRecoveryStatus === 'ENABLED'
        ? `Point-in-time recovery: on${pitr.RecoveryPeriodInDays ? `, ${pitr.RecoveryPeriodInDays} days` : ''}; restorable from ${date(pitr.EarliestRestorableDateTime)} to ${date(pitr.LatestRestorableDateTime)}.`
        : 'Point-in-time recovery: off.',
    );
  } else lines.push(...unsupported(d.continuousBackups));
  lines.push('');

  lines.push('## Replicas', '');
  if (d.replicas.supported) {
    const replicas = d.replicas.value;
    if (replicas.length === 0) lines.push('None: this is not a global table.');
    else lines.push(...table(['Region', 'Status', 'Progress', 'Table class'], replicas.map((r) => [r.region, mdText(r.status), r.progress ?? '—', r.tableClass ?? '—'])));
  } else lines.push(...unsupported(d.replicas));
  lines.push('');

  lines.push('## Tags', '');
  if (d.tags.supported) {
    if (d.tags.value.length === 0) lines.push('No tags.');
    else lines.push(...table(['Key', 'Value'], d.tags.value.map((tag) => [mdText(tag.Key ?? ''), mdText(tag.Value ?? '')])));
  } else lines.push(...unsupported(d.tags));
  lines.push('');
  return lines;
}

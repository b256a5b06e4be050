// Import from S3…: DynamoDB's own import of files in a bucket into a NEW table (it never writes into an existing
// one). Asks for the bucket and prefix, the format and compression, the new table's name, and its keys: typed, or
// like an existing table of the region (its key schema, billing and global secondary indexes).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { KeySchemaElement, ScalarAttributeType, TableCreationParameters } from '@aws-sdk/client-dynamodb';
import { ReadOnlyConnectionError } from '../../model/errors';
import { attributeNameProblem, resourceNameProblem } from '../../model/table/createTableSpec';
import { creationParametersLike, startImport, type ImportRequest } from '../../services/s3jobs/jobs';
import type { Studio } from '../studio/studio';
import { regionNodeId } from '../tree/model';
import { Cancelled, connectionOf, nodeFromArg, pickOne, regionNodeFromArg } from '../ui/pickers';
import { askPrefix, pickBucket } from '../ui/s3Pickers';

async function askText(title: string, prompt: string, check: (v: string) => string | undefined, value = ''): Promise<string> {
  const text = await vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: (v) => check(v.trim()) });
  if (text === undefined) throw new Cancelled();
  return text.trim();
}

const TYPE_CHOICES = [
  { label: 'String (S)', value: 'S' as ScalarAttributeType },
  { label: 'Number (N)', value: 'N' as ScalarAttributeType },
  { label: 'Binary (B)', value: 'B' as ScalarAttributeType },
];

async function typedKeys(title: string, tableName: string): Promise<TableCreationParameters> {
  const pk = await askText(title, vscode.l10n.t('Partition key attribute name'), (v) => attributeNameProblem(v, 'The partition key'));
  const pkType = await pickOne(title, vscode.l10n.t('Type of {0}', pk), TYPE_CHOICES);
  const sk = await askText(title, vscode.l10n.t('Sort key attribute name (leave empty for none)'), (v) => (v ? attributeNameProblem(v, 'The sort key') ?? (v === pk ? 'The sort key must differ from the partition key.' : undefined) : undefined));
  const keySchema: KeySchemaElement[] = [{ AttributeName: pk, KeyType: 'HASH' }];
  const definitions = [{ AttributeName: pk, AttributeType: pkType }];
  if (sk) {
    keySchema.push({ AttributeName: sk, KeyType: 'RANGE' });
    definitions.push({ AttributeName: sk, AttributeType: await pickOne(title, vscode.l10n.t('Type of {0}', sk), TYPE_CHOICES) });
  }
  return { TableName: tableName, KeySchema: keySchema, AttributeDefinitions: definitions, BillingMode: 'PAY_PER_REQUEST' };
}

export async function importFromS3(studio: Studio, arg?: unknown): Promise<void> {
  // From a region, a table (its region; its keys are offered), or the palette.
  const tableNode = await nodeFromArg(studio, arg, 'table');
  const regionNode = tableNode ? await regionNodeFromArg(studio, regionNodeId(tableNode.connectionId!, tableNode.region!), '') : await regionNodeFromArg(studio, arg, 'Region of the new table');
  const conn = connectionOf(studio, regionNode);
  const region = regionNode.region!;
  if (conn.readOnly) throw new ReadOnlyConnectionError(conn.name, 'Import from S3');
  const title = vscode.l10n.t('Import from S3 into a new table ({0} / {1})', conn.name, region);

  const bucket = await pickBucket(studio, conn, region, title);
  const prefix = await askPrefix(title, vscode.l10n.t('Key prefix in s3://{0}/ of the files to import (for an export: …/AWSDynamoDB/<export id>/data/)', bucket), '');
  const format = await pickOne(title, vscode.l10n.t('Format of the files'), [
    { label: 'DynamoDB JSON', detail: vscode.l10n.t('One {"Item": …} per line, as DynamoDB exports write it.'), value: 'DYNAMODB_JSON' as const },
    { label: 'Amazon Ion', value: 'ION' as const },
    { label: 'CSV', detail: vscode.l10n.t('Every column imported as a string, except the keys.'), value: 'CSV' as const },
  ]);
  const compression = await pickOne(title, vscode.l10n.t('Compression of the files'), [
    { label: 'GZIP', detail: vscode.l10n.t('.gz files, as DynamoDB exports write them'), value: 'GZIP' as const },
    { label: 'ZSTD', value: 'ZSTD' as const },
    { label: vscode.l10n.t('None'), value: 'NONE' as const },
  ]);
  const csv = format === 'CSV' ? { delimiter: await pickOne(title, vscode.l10n.t('CSV delimiter'), [',', '\t', ';', '|', ':', ' '].map((d) => ({ label: JSON.stringify(d), value: d }))) } : undefined;
  const existing = new Set((await studio.listTables(conn, region)).map((t) => t));
  const tableName = await askText(title, vscode.l10n.t('Name of the new table (the import creates it)'), (v) => resourceNameProblem(v, 'The table name') ?? (existing.has(v) ? vscode.l10n.t('"{0}" exists already; an import always creates a new table.', v) : undefined));

  const others = [...existing].sort();
  const keysFrom = await pickOne(title, vscode.l10n.t('Key schema of "{0}"', tableName), [
    ...(tableNode ? [{ label: vscode.l10n.t('Like "{0}"', tableNode.tableName!), detail: vscode.l10n.t('Its keys, billing and global secondary indexes'), value: tableNode.tableName! }] : []),
    { label: vscode.l10n.t('Enter the keys…'), detail: vscode.l10n.t('Partition key and optional sort key; on-demand billing'), value: '' },
    ...(others.length ? [{ label: vscode.l10n.t('Like another table of this region…'), value: '\u0000pick' }] : []),
  ]);
  let table: TableCreationParameters;
  if (keysFrom === '') table = await typedKeys(title, tableName);
  else {
    const like = keysFrom === '\u0000pick' ? await pickOne(title, vscode.l10n.t('Table whose keys and indexes to copy'), others.map((t) => ({ label: t, value: t }))) : keysFrom;
    table = creationParametersLike(await (await studio.tableService(conn, region)).describeTable(like), tableName);
  }

  const request: ImportRequest = { bucket, prefix: prefix || undefined, format, compression, table, csv, clientToken: randomUUID() };
  const job = await startImport(await studio.pool.get(conn, region), request);
  studio.output.info(`Import ${job.id} into ${tableName} started from s3://${bucket}/${prefix}`);
  studio.tree.refresh(regionNode);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Import {0} into the new table "{1}" started from s3://{2}/{3}. Its progress shows under the table in the explorer (S3 Export and Import Jobs).', job.id, tableName, bucket, prefix),
  );
}

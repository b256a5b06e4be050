// Messages of the Create Table form (webview ↔ extension), validated on receipt on both sides.
import { z } from '../model/zod';
import { STREAM_VIEW_TYPES, LIMITS, TABLE_CLASSES } from '../model/table/createTableSpec';
import type { CreateTableForm } from '../model/table/createTableForm';
import type { StreamViewType, TableClass } from '@aws-sdk/client-dynamodb';
import { ReadyMessage } from './messages';

/** Longer than any valid value; a longer one is refused as a message, not checked as a field. */
const text = z.string().max(2_000);
const KeyField = z.object({ name: text, type: z.enum(['S', 'N', 'B']) }).strict();
const Projection = z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']);

export const CreateTableFormSchema = z
  .object({
    tableName: z.string().max(1_000),
    partitionKey: KeyField,
    sortKey: KeyField,
    billing: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']),
    readCapacity: z.string().max(40),
    writeCapacity: z.string().max(40),
    globalIndexes: z
      .array(z.object({ name: text, partitionKey: KeyField, sortKey: KeyField, projection: Projection, include: z.string().max(20_000) }).strict())
      .max(LIMITS.globalIndexes + 5),
    localIndexes: z.array(z.object({ name: text, sortKey: KeyField, projection: Projection, include: z.string().max(20_000) }).strict()).max(LIMITS.localIndexes + 5),
    stream: z.enum(['', ...STREAM_VIEW_TYPES] as ['', ...StreamViewType[]]),
    timeToLiveAttribute: text,
    deletionProtection: z.boolean(),
    tableClass: z.enum(TABLE_CLASSES as [TableClass, ...TableClass[]]),
    tags: z.string().max(40_000),
  })
  .strict() satisfies z.ZodType<CreateTableForm>;

const CliTargetSchema = z.object({ region: z.string().optional(), profile: z.string().optional(), endpointUrl: z.string().optional() }).strict();

/** Extension → Create Table webview. */
export const CreateTableToWebview = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      /** "Local / us-east-1". */
      location: z.string(),
      connectionId: z.string(),
      connectionName: z.string(),
      region: z.string(),
      mode: z.enum(['normal', 'readOnly', 'confirmWrites']),
      existingTables: z.array(z.string()),
      target: CliTargetSchema,
      /** The form as it was (a reopened panel), else the webview keeps its own or starts empty. */
      form: CreateTableFormSchema.optional(),
    })
    .strict(),
  /** Tables listed in the region now (after a refresh or a create). */
  z.object({ type: z.literal('tables'), existingTables: z.array(z.string()) }).strict(),
  z
    .object({
      type: z.literal('status'),
      /** busy: creating (the form is locked); error: the form stays as it was; done: the table is ACTIVE. */
      kind: z.enum(['busy', 'error', 'done', 'info']),
      message: z.string(),
      /** For an error of one field, the spec field it belongs to. */
      field: z.string().optional(),
    })
    .strict(),
]);
export type CreateTableToWebview = z.infer<typeof CreateTableToWebview>;

/** Create Table webview → extension. */
export const CreateTableToHost = z.discriminatedUnion('type', [
  ReadyMessage,
  /** Creates the table the form describes (checked again in the extension; nothing is sent with problems). */
  z.object({ type: z.literal('create'), form: CreateTableFormSchema }).strict(),
  /** Copies the AWS CLI line of the form to the clipboard. */
  z.object({ type: z.literal('copyCli'), form: CreateTableFormSchema }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type CreateTableToHost = z.infer<typeof CreateTableToHost>;

/** What the Create Table webview keeps in its state for the panel serializer. */
export const CreateTableSavedState = z.object({ connectionId: z.string().min(1).max(2_000), region: z.string().min(1).max(100), form: CreateTableFormSchema.optional() });
export type CreateTableSavedState = z.infer<typeof CreateTableSavedState>;

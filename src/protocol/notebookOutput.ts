// A notebook cell's result as the renderer receives it (output item of NOTEBOOK_RESULT_MIME), and the renderer's
// messages to the extension. Items are wire items (AttributeValue JSON, binary as base64): numbers stay decimal text
// and sets stay sets. Both sides validate: the renderer before it draws, the extension before it acts.
import { z } from '../model/zod';
import { WireItemSchema } from './tableViewer';

export const NOTEBOOK_TYPE = 'dynamodb-notebook';
export const NOTEBOOK_RENDERER_ID = 'dynamodb-studio.notebookResult';
export const NOTEBOOK_RESULT_MIME = 'application/vnd.dynamodb-studio.result+json';
/** Rows a result output holds at most; the output says when there were more. */
export const MAX_OUTPUT_ROWS = 2000;

const Capacity = z
  .object({
    reported: z.boolean(),
    total: z.number(),
    read: z.number(),
    write: z.number(),
    byTarget: z.record(z.string(), z.number()),
  })
  .strict();

export const NotebookResult = z
  .object({
    version: z.literal(1),
    /** Where the items are: what a click on a row opens. The connection by id and name, never by endpoint. */
    location: z.object({ connectionId: z.string(), connectionName: z.string(), region: z.string(), tableName: z.string().optional() }).strict(),
    operation: z.string(),
    /** The first request exactly as sent (indented JSON, binary as base64). */
    request: z.string(),
    items: z.array(WireItemSchema),
    /** Key attribute names of the table: shown first; a row opens by them. Empty when rows cannot be opened. */
    keyNames: z.array(z.string()),
    count: z.number(),
    scannedCount: z.number().optional(),
    pages: z.number(),
    /** More matching items exist after these (limit reached or cancelled). */
    more: z.boolean(),
    cancelled: z.boolean(),
    isWrite: z.boolean(),
    capacity: Capacity,
    /** On-demand cost of the capacity, or why there is no estimate. */
    cost: z.union([z.object({ text: z.string(), basis: z.string() }).strict(), z.object({ reason: z.string() }).strict()]),
    /** The result's name for later cells, if the cell gave one. */
    name: z.string().optional(),
    notes: z.array(z.string()),
  })
  .strict();
export type NotebookResult = z.infer<typeof NotebookResult>;

/** Renderer → extension. */
export const NotebookRendererMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('openItem'),
      connectionId: z.string().max(1000),
      region: z.string().max(100),
      tableName: z.string().max(255),
      key: WireItemSchema,
    })
    .strict(),
]);
export type NotebookRendererMessage = z.infer<typeof NotebookRendererMessage>;

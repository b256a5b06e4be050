// The zod schema of a QuerySpec: what a webview may send, and what the stored query history may hold.
import { z } from '../zod';
import type { QuerySpec } from './querySpec';

const MAX_TEXT = 100_000;
const Name = z.string().max(MAX_TEXT);
const ValueType = z.enum(['S', 'N', 'B', 'BOOL', 'NULL']);

export const QuerySpecSchema: z.ZodType<QuerySpec> = z
  .object({
    kind: z.enum(['scan', 'query', 'partiql']),
    table: z.string().max(255),
    index: z.string().max(255).optional(),
    partitionKey: z.object({ name: Name, type: ValueType, value: z.string().max(MAX_TEXT) }).strict().optional(),
    sortKey: z
      .object({
        name: Name,
        op: z.enum(['=', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with']),
        type: ValueType,
        value: z.string().max(MAX_TEXT),
        value2: z.string().max(MAX_TEXT).optional(),
      })
      .strict()
      .optional(),
    filters: z
      .array(
        z
          .object({
            path: z.string().max(MAX_TEXT),
            op: z.enum(['=', '<>', '<', '<=', '>', '>=', 'BETWEEN', 'IN', 'begins_with', 'contains', 'attribute_exists', 'attribute_not_exists', 'attribute_type']),
            values: z.array(z.string().max(MAX_TEXT)).max(100),
            type: ValueType.optional(),
            size: z.boolean().optional(),
            not: z.boolean().optional(),
          })
          .strict(),
      )
      .max(100),
    filterJoin: z.enum(['AND', 'OR']),
    projection: z.array(z.string().max(MAX_TEXT)).max(1000).optional(),
    scanIndexForward: z.boolean().optional(),
    pageSize: z.number().int().min(1).max(1_000_000).optional(),
    consistentRead: z.boolean().optional(),
    segments: z.number().int().min(1).max(1_000_000).optional(),
    statement: z.string().max(MAX_TEXT).optional(),
  })
  .strict();

// The resume file of a copy that stopped before it read the whole source: where reading stopped (for a parallel
// scan, the LastEvaluatedKey of every segment), what was read and written, the tables and connections on both sides,
// and the failed-items file of the same run. Resume Copy reads the rest from there and sends the failed items again.
// Parsed with zod like every stored state: a file that does not fit is refused with the field that is wrong.
import { z } from '../zod';
import { dynamoJsonItemProblem, fromDynamoJsonItem, itemToDynamoJsonValue, type DynamoJsonItem } from '../items/codec';
import type { Item } from '../items/types';
import { QuerySpecSchema } from '../query/querySpecSchema';

export const COPY_RESUME_KIND = 'dynamodb-studio/copy-resume';
export const COPY_RESUME_VERSION = 1;
/** Resume files end so; the failed-items file of the same run sits next to it. */
export const COPY_RESUME_SUFFIX = '.resume.json';

/** A key in DynamoDB JSON, checked without being copied (an attribute named "__proto__" is legal). */
const KeySchema = z.custom<DynamoJsonItem>((v) => dynamoJsonItemProblem(v, 'key') === undefined, { message: 'not a key in DynamoDB JSON (binary as base64)' });

const KeyAttributeSchema = z.object({ name: z.string().min(1).max(255), type: z.enum(['S', 'N', 'B']), keyType: z.enum(['HASH', 'RANGE']) }).strict();

const EndSchema = z.object({ connectionId: z.string().min(1).max(2000), region: z.string().min(1).max(100), table: z.string().min(1).max(255) }).strict();

const CountsSchema = z
  .object({
    read: z.number().int().min(0),
    written: z.number().int().min(0),
    failed: z.number().int().min(0),
    unconfirmed: z.number().int().min(0),
    badRows: z.number().int().min(0),
  })
  .strict();

/**
 * Where reading continues: a parallel scan keeps one entry per segment (null: read to its end; {}: no page read
 * yet; else the LastEvaluatedKey after the last item handed to the writer), a sequential read one key or PartiQL
 * token.
 */
const PositionSchema = z
  .object({
    segments: z.array(KeySchema.nullable()).min(1).max(1_000_000).optional(),
    exclusiveStartKey: KeySchema.optional(),
    nextToken: z.string().min(1).max(100_000).optional(),
  })
  .strict()
  .refine((p) => [p.segments, p.exclusiveStartKey, p.nextToken].filter((x) => x !== undefined).length <= 1, {
    message: 'holds more than one kind of position (segments, exclusiveStartKey, nextToken)',
  });

export const CopyResumeSchema = z
  .object({
    kind: z.literal(COPY_RESUME_KIND),
    version: z.literal(COPY_RESUME_VERSION),
    savedAt: z.string().max(100),
    source: EndSchema.extend({ spec: QuerySpecSchema }).strict(),
    target: EndSchema.extend({ keySchema: z.array(KeyAttributeSchema).min(1).max(2) }).strict(),
    position: PositionSchema,
    /** The failed-items file of the run that stopped (DynamoDB JSON lines); absent when every write was confirmed. */
    failedItemsFile: z.string().min(1).max(4096).optional(),
    /** What the run (and the runs it resumed) did, summed. */
    done: CountsSchema,
  })
  .strict()
  .superRefine((state, ctx) => {
    const segments = state.source.spec.segments ?? 1;
    const positions = state.position.segments;
    if (positions) {
      if (positions.length !== segments) {
        ctx.addIssue({ code: 'custom', path: ['position', 'segments'], message: `holds ${positions.length} segments, but the scan has ${segments}` });
      }
      if (positions.every((s) => s === null)) ctx.addIssue({ code: 'custom', path: ['position', 'segments'], message: 'every segment is finished: there is nothing to resume' });
    } else if (segments > 1) {
      ctx.addIssue({ code: 'custom', path: ['position'], message: `a scan of ${segments} segments needs one position per segment` });
    }
    if (state.source.spec.table !== state.source.table) {
      ctx.addIssue({ code: 'custom', path: ['source', 'spec', 'table'], message: `reads "${state.source.spec.table}", not the source table "${state.source.table}"` });
    }
    if (state.source.connectionId === state.target.connectionId && state.source.region === state.target.region && state.source.table === state.target.table) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'the target is the source table' });
    }
  });

export type CopyResumeState = z.infer<typeof CopyResumeSchema>;
export type CopyResumeCounts = CopyResumeState['done'];

/** The cursor of the runner (keys as items) that a position stands for. */
export interface CopyCursor {
  exclusiveStartKey?: Item;
  nextToken?: string;
  segmentStartKeys?: (Item | null)[];
}

export function positionToCursor(position: CopyResumeState['position']): CopyCursor {
  if (position.segments) return { segmentStartKeys: position.segments.map((k) => (k === null ? null : fromDynamoJsonItem(k))) };
  if (position.nextToken) return { nextToken: position.nextToken };
  return position.exclusiveStartKey ? { exclusiveStartKey: fromDynamoJsonItem(position.exclusiveStartKey) } : {};
}

export function cursorToPosition(cursor: CopyCursor): CopyResumeState['position'] {
  if (cursor.segmentStartKeys) return { segments: cursor.segmentStartKeys.map((k) => (k === null ? null : itemToDynamoJsonValue(k))) };
  if (cursor.nextToken) return { nextToken: cursor.nextToken };
  return cursor.exclusiveStartKey ? { exclusiveStartKey: itemToDynamoJsonValue(cursor.exclusiveStartKey) } : {};
}

/** Segments not read to their end, of how many (1 for a sequential read). */
export function unfinishedSegments(position: CopyResumeState['position']): { unfinished: number; total: number } {
  if (position.segments) return { unfinished: position.segments.filter((s) => s !== null).length, total: position.segments.length };
  return { unfinished: 1, total: 1 };
}

/** The resume file's text, or why it cannot be used: the path and message of the first problems found. */
export function parseCopyResume(text: string): { ok: true; state: CopyResumeState } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `it is not JSON (${(err as Error).message})` };
  }
  const parsed = CopyResumeSchema.safeParse(json);
  if (parsed.success) return { ok: true, state: parsed.data };
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : 'the file'}: ${i.message}`);
  return { ok: false, problem: problems.join('; ') };
}

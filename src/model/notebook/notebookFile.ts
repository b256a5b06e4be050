// The .dynamodb-nb file: JSON a team can commit. It names the connection (never an endpoint or a key), the default
// region and table, and the cells with their source as lines (readable diffs). Outputs are written only when the
// person asked for it (setting dynamodbStudio.notebook.saveOutputs). Anything else in a file is dropped on load,
// so a file edited by hand to hold an endpoint or credentials loses them at the next save.
import { z } from '../zod';

export const NOTEBOOK_FORMAT_VERSION = 1;

export type NotebookCellKind = 'markdown' | 'partiql' | 'query';

export interface NotebookCellOutput {
  mime: string;
  /** The output item's data as text (JSON for results). */
  data: string;
}

export interface NotebookCellData {
  kind: NotebookCellKind;
  source: string;
  outputs?: NotebookCellOutput[];
}

export interface NotebookDefaults {
  /** A connection name as the explorer shows it, e.g. "Local" or a profile name. */
  connection?: string;
  region?: string;
  table?: string;
}

export interface NotebookData extends NotebookDefaults {
  cells: NotebookCellData[];
}

const Source = z.union([z.string(), z.array(z.string())]).transform((s) => (Array.isArray(s) ? s.join('\n') : s));
const Output = z.object({ mime: z.string().max(200), data: z.string() });
const Cell = z.object({
  kind: z.enum(['markdown', 'partiql', 'query']),
  source: Source,
  outputs: z.array(Output).optional(),
});
const FileSchema = z.object({
  dynamodbNotebook: z.number().int().min(1).max(NOTEBOOK_FORMAT_VERSION),
  connection: z.string().max(500).optional(),
  region: z.string().max(100).optional(),
  table: z.string().max(255).optional(),
  cells: z.array(Cell),
});

export type NotebookReadResult = { ok: true; notebook: NotebookData } | { ok: false; message: string };

/** Reads a notebook file; an empty file is an empty notebook. */
export function readNotebookFile(text: string): NotebookReadResult {
  if (text.trim().length === 0) return { ok: true, notebook: { cells: [] } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `The notebook file is not JSON (${(err as Error).message}). Open it with a text editor to fix it.` };
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, message: `The notebook file is not a DynamoDB notebook${where}: ${issue.message}. A notebook is { "dynamodbNotebook": 1, "connection": "…", "cells": [{ "kind": "query" | "partiql" | "markdown", "source": […] }] }.` };
  }
  const { connection, region, table, cells } = parsed.data;
  return { ok: true, notebook: { connection, region, table, cells: cells.map((c) => ({ kind: c.kind, source: c.source, outputs: c.outputs })) } };
}

/** The file text: stable field order, sources as lines, outputs only when `saveOutputs`. */
export function writeNotebookFile(notebook: NotebookData, options: { saveOutputs: boolean }): string {
  const file = {
    dynamodbNotebook: NOTEBOOK_FORMAT_VERSION,
    ...(notebook.connection ? { connection: notebook.connection } : {}),
    ...(notebook.region ? { region: notebook.region } : {}),
    ...(notebook.table ? { table: notebook.table } : {}),
    cells: notebook.cells.map((c) => ({
      kind: c.kind,
      source: c.source.split('\n'),
      ...(options.saveOutputs && c.outputs?.length ? { outputs: c.outputs } : {}),
    })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Notebook cell languages: PartiQL cells are SQL to the editor, query cells JSON. */
export const CELL_LANGUAGES: Record<Exclude<NotebookCellKind, 'markdown'>, string> = { partiql: 'sql', query: 'json' };

export function cellKindOfLanguage(languageId: string): Exclude<NotebookCellKind, 'markdown'> {
  return languageId === 'json' || languageId === 'jsonc' ? 'query' : 'partiql';
}

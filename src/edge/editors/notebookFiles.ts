// The .dynamodb-nb files in the editor: the serializer (through the model's file codec) and opening a new notebook.
// Outputs are written only while dynamodbStudio.notebook.saveOutputs is on; otherwise they are transient (running a
// cell does not make the file dirty) and never reach the file.
import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import { CELL_LANGUAGES, cellKindOfLanguage, readNotebookFile, writeNotebookFile, type NotebookCellData, type NotebookData } from '../../model/notebook/notebookFile';
import { NOTEBOOK_TYPE } from '../../protocol/notebookOutput';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The notebook's defaults (connection name, region, table), kept in the notebook's metadata. */
export interface NotebookDefaultsMetadata {
  connection?: string;
  region?: string;
  table?: string;
}

export function notebookDefaults(notebook: vscode.NotebookDocument): NotebookDefaultsMetadata {
  const m = notebook.metadata as NotebookDefaultsMetadata;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { connection: text(m.connection), region: text(m.region), table: text(m.table) };
}

export function toNotebookData(data: NotebookData): vscode.NotebookData {
  const cells = data.cells.map((c) => {
    const cell =
      c.kind === 'markdown'
        ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.source, 'markdown')
        : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.source, CELL_LANGUAGES[c.kind]);
    if (c.outputs?.length) cell.outputs = [new vscode.NotebookCellOutput(c.outputs.map((o) => new vscode.NotebookCellOutputItem(encoder.encode(o.data), o.mime)))];
    return cell;
  });
  const nb = new vscode.NotebookData(cells);
  nb.metadata = { connection: data.connection, region: data.region, table: data.table };
  return nb;
}

export function fromNotebookData(data: vscode.NotebookData): NotebookData {
  const meta = (data.metadata ?? {}) as NotebookDefaultsMetadata;
  const cells: NotebookCellData[] = data.cells.map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : cellKindOfLanguage(c.languageId),
    source: c.value,
    outputs: (c.outputs ?? []).flatMap((o) => o.items.map((i) => ({ mime: i.mime, data: decoder.decode(i.data) }))),
  }));
  return { connection: meta.connection, region: meta.region, table: meta.table, cells };
}

class DynamoNotebookSerializer implements vscode.NotebookSerializer {
  constructor(private readonly saveOutputs: boolean) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const read = readNotebookFile(decoder.decode(content));
    if (!read.ok) throw new Error(read.message);
    return toNotebookData(read.notebook);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return encoder.encode(writeNotebookFile(fromNotebookData(data), { saveOutputs: this.saveOutputs }));
  }
}

const saveOutputsSetting = () => vscode.workspace.getConfiguration().get<boolean>(Settings.notebookSaveOutputs, false) === true;

/** Registers the serializer, and registers it again when the save-outputs setting changes. */
export function registerNotebookSerializer(): vscode.Disposable {
  let current = register();
  function register(): vscode.Disposable {
    const save = saveOutputsSetting();
    return vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new DynamoNotebookSerializer(save), { transientOutputs: !save });
  }
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(Settings.notebookSaveOutputs)) return;
    current.dispose();
    current = register();
  });
  return { dispose: () => (current.dispose(), watch.dispose()) };
}

/** Opens a new, unsaved notebook with these cells; saving asks for its file name. */
export async function openNewNotebook(data: NotebookData): Promise<vscode.NotebookEditor> {
  const doc = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, toNotebookData(data));
  return vscode.window.showNotebookDocument(doc);
}

// "Run on <connection>" (a CodeLens over a read request in code): asks for each value the code computes, opens a new
// notebook on the code checks' connection and region with the cell that runs the same request, and runs it. A
// request the cell form cannot express says why and offers the table viewer instead; cancelling a prompt opens
// nothing.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { parseAskedValue, runCell, type AskedValue, type RunPlan } from '../../model/codecheck/runCell';
import { StudioError } from '../../model/errors';
import type { AttributeValue } from '../../model/items/types';
import { keyAttributes } from '../../model/table/tableInfo';
import { Commands, EXTENSION_ID, NOTEBOOK_CONTROLLER_ID } from '../base/constants';
import { openNewNotebook } from '../editors/notebookFiles';
import type { Studio } from '../studio/studio';
import { tableNodeId } from '../tree/model';
import { Cancelled } from '../ui/pickers';

export interface RunCallArg {
  plan: RunPlan;
  connectionId: string;
  connectionName: string;
  region: string;
  /** Where the call stands, for the notebook's note: `src/orders.ts:12`. */
  source?: string;
}

function isRunCallArg(arg: unknown): arg is RunCallArg {
  const a = arg as RunCallArg | undefined;
  return !!a && typeof a === 'object' && !!a.plan && typeof a.plan.ok === 'boolean' && typeof a.connectionId === 'string' && typeof a.connectionName === 'string' && typeof a.region === 'string';
}

/** The type of the key attribute an asked value is compared with, when it is a key of the table or the index. */
async function keyTypes(studio: Studio, arg: RunCallArg, table: string): Promise<Map<string, 'S' | 'N' | 'B'>> {
  const types = new Map<string, 'S' | 'N' | 'B'>();
  let description: TableDescription;
  try {
    const { connections } = await studio.listConnections();
    const connection = connections.find((c) => c.id === arg.connectionId);
    if (!connection) return types;
    description = await studio.describeTable(connection, arg.region, table);
  } catch {
    // Without the description the answer is read as a cell value; the cell's own check reports a wrong type.
    return types;
  }
  const schemas = [description.KeySchema, ...(description.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema), ...(description.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema)];
  for (const schema of schemas) {
    for (const k of keyAttributes(schema, description.AttributeDefinitions)) {
      if (k.type === 'S' || k.type === 'N' || k.type === 'B') types.set(k.name, k.type);
    }
  }
  return types;
}

async function ask(value: AskedValue, keyType: 'S' | 'N' | 'B' | undefined, index: number, count: number): Promise<AttributeValue> {
  const what = value.attribute
    ? keyType
      ? vscode.l10n.t('compared with the key attribute {0} ({1})', value.attribute, keyType)
      : vscode.l10n.t('compared with {0}', value.attribute)
    : vscode.l10n.t('a parameter of the statement');
  let parsed: AttributeValue | undefined;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Run on a notebook: value {0} of {1}', index + 1, count),
    prompt: keyType
      ? vscode.l10n.t('The code computes {0}, {1}. Type its value.', value.name, what)
      : vscode.l10n.t('The code computes {0}, {1}. Type its value: text is a string; 42, true, null, "42" (a string) or {"N": "1.5"} are typed values.', value.name, what),
    placeHolder: value.name,
    ignoreFocusOut: true,
    validateInput: (input) => {
      const r = parseAskedValue(input, keyType);
      parsed = r.ok ? r.value : undefined;
      return r.ok ? undefined : r.message;
    },
  });
  if (text === undefined) throw new Cancelled();
  const r = parseAskedValue(text, keyType);
  if (!r.ok) throw new StudioError('validation', r.message);
  return parsed ?? r.value;
}

export async function runCallInNotebook(studio: Studio, arg?: unknown): Promise<vscode.NotebookEditor | undefined> {
  if (!isRunCallArg(arg)) {
    throw new StudioError('validation', vscode.l10n.t('Run on a connection works from the CodeLens above a DynamoDB read request in a TypeScript or JavaScript file.'));
  }
  const { plan } = arg;
  if (!plan.ok) {
    const open = plan.table ? vscode.l10n.t('Open {0}', plan.table) : undefined;
    const choice = await vscode.window.showWarningMessage(plan.reason, ...(open ? [open] : []));
    if (open && choice === open) await vscode.commands.executeCommand(Commands.openTable, tableNodeId(arg.connectionId, arg.region, plan.table!));
    return undefined;
  }
  const table = plan.template.table;
  const answers = new Map<string, AttributeValue>();
  if (plan.asked.length > 0) {
    const types = plan.template.kind === 'partiql' ? new Map<string, 'S' | 'N' | 'B'>() : await keyTypes(studio, arg, table);
    const keyNames = new Set(plan.template.kind === 'partiql' ? [] : plan.template.key.map((k) => k.name));
    for (const [i, value] of plan.asked.entries()) {
      const keyType = value.attribute && keyNames.has(value.attribute) ? types.get(value.attribute) : undefined;
      answers.set(value.name, await ask(value, keyType, i, plan.asked.length));
    }
  }
  const result = runCell(plan, answers);
  if (!result.ok) throw new StudioError('validation', result.reason);
  const note = [
    `# ${plan.operation} on ${table}`,
    '',
    vscode.l10n.t('The request of {0}, as a notebook cell on {1}, {2}.', arg.source ?? vscode.l10n.t('your code'), arg.connectionName, arg.region),
    ...(plan.asked.length ? ['', vscode.l10n.t('Values you typed: {0}.', plan.asked.map((a) => a.name).join(', '))] : []),
    ...plan.notes.map((n) => `\n${n}`),
  ].join('\n');
  const editor = await openNewNotebook({ connection: arg.connectionName, region: arg.region, table, cells: [{ kind: 'markdown', source: note }, result.cell] });
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: NOTEBOOK_CONTROLLER_ID, extension: EXTENSION_ID });
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: editor.notebook.uri });
  return editor;
}

// Tables as code: the controller and its commands, registered through the commands' error boundary.
import type * as vscode from 'vscode';
import { IacCommands, type IacCommandId } from '../base/constants';
import { registerCommandTable, type Handler } from '../commands';
import type { Studio } from '../studio/studio';
import { TablesAsCode } from './tablesAsCode';

/** `distDir` is the extension's dist folder, where the readers' bundle iacReaders.js lives. */
export function registerTablesAsCode(studio: Studio, distDir: string): vscode.Disposable[] {
  const iac = new TablesAsCode(studio, distDir);
  const commands: Record<IacCommandId, { run: Handler; operation: string }> = {
    [IacCommands.compare]: { run: (_s, uri, id) => iac.compare(uri, id), operation: 'Comparing with the live table' },
    [IacCommands.compareWith]: { run: (_s, uri, id) => iac.compareWith(uri, id), operation: 'Comparing with the live table' },
    [IacCommands.createOnLocal]: { run: (_s, uri, id) => iac.createOnLocal(uri, id), operation: 'Creating the table on DynamoDB Local' },
    [IacCommands.openLiveTable]: { run: (_s, uri, id) => iac.openLiveTable(uri, id), operation: 'Opening the live table' },
    [IacCommands.showDriftReport]: { run: (_s, uri) => iac.report(uri), operation: 'Showing the drift report' },
  };
  return [iac, ...registerCommandTable(studio, commands)];
}

// The one place every command is registered, each behind the same error boundary.
import * as vscode from 'vscode';
import { Commands, type CommandId } from '../base/constants';
import { StudioError, toStudioError } from '../../model/errors';
import type { Studio } from '../studio/studio';
import { addConnection } from './addConnection';
import { addRegion } from './addRegion';
import { clearTableFilter } from './clearTableFilter';
import { copyLoginCommand } from './copyLoginCommand';
import { copyTableArn } from './copyTableArn';
import { copyTableName } from './copyTableName';
import { describeTable } from './describeTable';
import { filterTables } from './filterTables';
import { generateIamPolicy, offerPolicyForAccessDenied } from './generateIamPolicy';
import { openAwsConfig } from './openAwsConfig';
import { openMatchingPolicy } from './openMatchingPolicy';
import { createTable } from './createTable';
import { showTableDetails } from './showTableDetails';
import { watchStream } from './watchStream';
import { updateTable, updateTimeToLive } from './updateTable';
import { manageBackups } from './manageBackups';
import { manageReplicas } from './manageReplicas';
import { purgeTable } from './purgeTable';
import { deleteTable } from './deleteTable';
import { getItem } from './getItem';
import { putItem } from './putItem';
import { deleteItem } from './deleteItem';
import { duplicateItem } from './duplicateItem';
import { copyItem, copyItemAsCliCommand } from './copyItem';
import { openItemEditor } from './openItemEditor';
import { switchItemNotation } from './switchItemNotation';
import { overwriteStoredItem } from './overwriteStoredItem';
import { takeStoredItem } from './takeStoredItem';
import { saveItem } from './saveItem';
import { runPartiql } from './runPartiql';
import { showErrorDetails } from './showErrorDetails';
import { getStarted } from './getStarted';
import { openTable } from './openTable';
import { exportTable } from './exportTable';
import { copyCallPolicy } from './copyCallPolicy';
import { runCallInNotebook } from './runCallInNotebook';
import { importTable } from './importTable';
import { copyTable } from './copyTable';
import { resumeCopy } from './resumeCopy';
import { newNotebook } from './newNotebook';
import { openQueryAsNotebook } from './openQueryAsNotebook';
import { notebookAccessPatterns } from './notebookAccessPatterns';
import { exportToS3 } from './exportToS3';
import { importFromS3 } from './importFromS3';
import { downloadExport } from './downloadExport';
import { copyAsCdk, copyAsCloudFormation, copyAsSam, copyAsTerraform } from './copyTableAsCode';
import { Cancelled } from '../ui/pickers';
import { refresh } from './refresh';
import { refreshNode } from './refreshNode';
import { removeConnection } from './removeConnection';
import { removeRegion } from './removeRegion';
import { retry } from './retry';
import { setConnectionMode, toggleReadOnly } from './setConnectionMode';

export type Handler = (studio: Studio, ...args: unknown[]) => Promise<unknown>;

/** Command id → handler and the words used when it fails ("<operation> failed: ..."). */
const COMMANDS: Record<CommandId, { run: Handler; operation: string }> = {
  [Commands.refresh]: { run: refresh, operation: 'Refresh' },
  [Commands.refreshNode]: { run: refreshNode, operation: 'Refresh' },
  [Commands.addConnection]: { run: addConnection, operation: 'Adding the connection' },
  [Commands.removeConnection]: { run: removeConnection, operation: 'Removing the connection' },
  [Commands.toggleReadOnly]: { run: toggleReadOnly, operation: 'Changing read-only' },
  [Commands.addRegion]: { run: addRegion, operation: 'Adding the region' },
  [Commands.removeRegion]: { run: removeRegion, operation: 'Removing the region' },
  [Commands.filterTables]: { run: filterTables, operation: 'Filtering tables' },
  [Commands.clearTableFilter]: { run: clearTableFilter, operation: 'Clearing the filter' },
  [Commands.copyTableName]: { run: copyTableName, operation: 'Copying the table name' },
  [Commands.copyTableArn]: { run: copyTableArn, operation: 'Copying the table ARN' },
  [Commands.describeTable]: { run: describeTable, operation: 'Describe Table' },
  [Commands.retry]: { run: retry, operation: 'Retry' },
  [Commands.copyLoginCommand]: { run: copyLoginCommand, operation: 'Copying the login command' },
  [Commands.openAwsConfig]: { run: openAwsConfig, operation: 'Opening the AWS config file' },
  [Commands.generateIamPolicy]: { run: generateIamPolicy, operation: 'Generating the IAM policy' },
  [Commands.openMatchingPolicy]: { run: openMatchingPolicy, operation: 'Opening the matching policy' },
  [Commands.createTable]: { run: createTable, operation: 'Create Table' },
  [Commands.showTableDetails]: { run: showTableDetails, operation: 'Table Details' },
  [Commands.watchStream]: { run: watchStream, operation: 'Watch Stream' },
  [Commands.updateTable]: { run: (studio, arg) => updateTable(studio, arg), operation: 'Update Table' },
  [Commands.manageBackups]: { run: manageBackups, operation: 'Backups' },
  [Commands.manageReplicas]: { run: manageReplicas, operation: 'Replicas' },
  [Commands.purgeTable]: { run: purgeTable, operation: 'Empty Table' },
  [Commands.deleteTable]: { run: deleteTable, operation: 'Delete Table' },
  [Commands.getItem]: { run: getItem, operation: 'Get Item' },
  [Commands.putItem]: { run: putItem, operation: 'Put Item' },
  [Commands.deleteItem]: { run: deleteItem, operation: 'Delete Item' },
  [Commands.duplicateItem]: { run: duplicateItem, operation: 'Duplicate Item' },
  [Commands.copyItem]: { run: (studio, arg) => copyItem(studio, arg), operation: 'Copy Item' },
  [Commands.openItemEditor]: { run: openItemEditor, operation: 'Open in Form Editor' },
  [Commands.switchItemNotation]: { run: switchItemNotation, operation: 'Switching the notation' },
  [Commands.overwriteStoredItem]: { run: overwriteStoredItem, operation: 'Overwriting the stored item' },
  [Commands.takeStoredItem]: { run: takeStoredItem, operation: 'Taking the stored item' },
  [Commands.saveItem]: { run: saveItem, operation: 'Saving the item' },
  [Commands.runPartiql]: { run: runPartiql, operation: 'Run PartiQL Statement' },
  [Commands.updateTimeToLive]: { run: updateTimeToLive, operation: 'Update Time to Live' },
  [Commands.copyItemAsCliCommand]: { run: copyItemAsCliCommand, operation: 'Copy Item as AWS CLI Command' },
  [Commands.showErrorDetails]: { run: showErrorDetails, operation: 'Show Details' },
  [Commands.getStarted]: { run: getStarted, operation: 'Get Started' },
  [Commands.openTable]: { run: openTable, operation: 'Opening the table' },
  [Commands.exportTable]: { run: exportTable, operation: 'Export' },
  [Commands.importTable]: { run: importTable, operation: 'Import' },
  [Commands.copyTable]: { run: copyTable, operation: 'Copying the table' },
  [Commands.resumeCopy]: { run: resumeCopy, operation: 'Resuming the copy' },
  [Commands.exportToS3]: { run: exportToS3, operation: 'Export to S3' },
  [Commands.importFromS3]: { run: importFromS3, operation: 'Import from S3' },
  [Commands.downloadExport]: { run: downloadExport, operation: 'Download Export' },
  [Commands.setConnectionMode]: { run: setConnectionMode, operation: 'Setting the connection mode' },
  [Commands.newNotebook]: { run: newNotebook, operation: 'New Notebook' },
  [Commands.openQueryAsNotebook]: { run: openQueryAsNotebook, operation: 'Open as Notebook' },
  [Commands.notebookAccessPatterns]: { run: notebookAccessPatterns, operation: 'Access Patterns as Markdown' },
  [Commands.copyCallPolicy]: { run: copyCallPolicy, operation: 'Copying the IAM policy of a call' },
  [Commands.runCallInNotebook]: { run: runCallInNotebook, operation: 'Running the call in a notebook' },
  [Commands.copyAsCloudFormation]: { run: copyAsCloudFormation, operation: 'Copying the table as CloudFormation' },
  [Commands.copyAsSam]: { run: copyAsSam, operation: 'Copying the table as SAM' },
  [Commands.copyAsCdk]: { run: copyAsCdk, operation: 'Copying the table as CDK' },
  [Commands.copyAsTerraform]: { run: copyAsTerraform, operation: 'Copying the table as Terraform' },
};

/** Shows a failed command's error: what failed, why, what to do; with a copy button for a fix command. */
async function showError(studio: Studio, err: StudioError): Promise<void> {
  const actions = err.fixCommand ? ['Copy Command', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showErrorMessage(err.fullMessage, ...actions);
  if (choice === 'Copy Command' && err.fixCommand) await vscode.env.clipboard.writeText(err.fixCommand);
  if (choice === 'Show Log') studio.output.show(true);
}

export function registerCommands(studio: Studio): vscode.Disposable[] {
  return registerCommandTable(studio, COMMANDS);
}

/**
 * Registers a table of commands behind the one error boundary: feature folders above this one (src/edge/iac) use
 * it for their own commands.
 */
export function registerCommandTable(studio: Studio, commands: Record<string, { run: Handler; operation: string }>): vscode.Disposable[] {
  return Object.entries(commands).map(([id, { run, operation }]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(studio, ...args);
      } catch (err) {
        if (err instanceof Cancelled) return undefined;
        const e = toStudioError(err, { operation });
        if (e.kind === 'cancelled') return undefined;
        studio.output.error(`${e.message}${e.awsCode ? ` [${e.awsCode}]` : ''}`);
        if (e.kind === 'accessDenied') {
          // Names the denied action and resource and offers the matching least-privilege policy.
          void offerPolicyForAccessDenied(e, operation).then((shown) => (shown ? undefined : showError(studio, e)));
        } else {
          void showError(studio, e);
        }
        // The person has been told once, above. VS Code would add its own "Error running command …" toast for a
        // command that rejects from a menu, the palette or a key, so only the extension test host (whose suites
        // await executeCommand and check the failure) gets the error back.
        if (studio.context.extensionMode === vscode.ExtensionMode.Test) throw e;
        return undefined;
      }
    }),
  );
}

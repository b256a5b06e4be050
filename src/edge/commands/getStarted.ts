// "DynamoDB: Get Started" opens the walkthrough; the first run of the extension in a profile also shows the DynamoDB
// view and the walkthrough (issue 14, finding 5), once.
import * as vscode from 'vscode';
import { EXTENSION_ID, Views } from '../base/constants';
import type { Studio } from '../studio/studio';

export const WALKTHROUGH_ID = 'dynamodbStudio.gettingStarted';
const WELCOMED_KEY = 'dynamodbStudio.welcomed';

export async function getStarted(_studio?: Studio): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false);
}

/**
 * On the first activation in this profile: the DynamoDB view and the walkthrough, unless the person has asked VS Code
 * not to open walkthroughs on install (workbench.welcomePage.walkthroughs.openOnInstall: false).
 */
export async function welcomeOnFirstRun(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(WELCOMED_KEY)) return;
  await context.globalState.update(WELCOMED_KEY, true);
  if (vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true) === false) return;
  await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
  await getStarted();
}

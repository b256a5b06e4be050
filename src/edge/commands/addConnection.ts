import * as vscode from 'vscode';
import { Settings } from '../base/constants';
import { endpointUrlProblem, type EndpointConfig } from '../../services/aws/connections';
import { isValidRegionName } from '../../model/aws/regions';
import type { Studio } from '../studio/studio';
import { Cancelled } from '../ui/pickers';

async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value.trim();
}

/** Adds a custom-endpoint connection (DynamoDB Local and other compatible endpoints). Keys go to SecretStorage. */
export async function addConnection(studio: Studio): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const existing = studio.settings.get('customEndpoints');
  const title = 'Add Endpoint Connection';
  const name = await ask({
    title: `${title} (step 1 of 4)`,
    prompt: 'Name of the connection, shown in the explorer',
    value: existing.some((e) => e.name === 'Local') ? '' : 'Local',
    validateInput: (v) =>
      !v.trim() ? 'Enter a name.' : existing.some((e) => e.name === v.trim()) ? `A connection named "${v.trim()}" exists already.` : undefined,
  });
  const endpoint = await ask({
    title: `${title} (step 2 of 4)`,
    prompt: 'Endpoint URL, for example http://localhost:8000 for DynamoDB Local',
    value: 'http://localhost:8000',
    validateInput: (v) => endpointUrlProblem(v.trim()),
  });
  const defaultRegion = studio.settings.get('defaultRegion');
  const region = await ask({
    title: `${title} (step 3 of 4)`,
    prompt: 'Region: requests are signed for it and its tables are listed under it',
    value: defaultRegion,
    validateInput: (v) => (isValidRegionName(v.trim()) ? undefined : 'Use letters, digits and dashes, for example us-east-1.'),
  });
  const keyChoice = await vscode.window.showQuickPick(
    [
      { label: 'No access keys', description: 'DynamoDB Local accepts any key; placeholder keys are sent', value: false },
      { label: 'Enter access keys…', description: 'kept in VS Code secret storage', value: true },
    ],
    { title: `${title} (step 4 of 4)`, placeHolder: 'Credentials sent to the endpoint', ignoreFocusOut: true },
  );
  if (!keyChoice) throw new Cancelled();
  let keys: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (keyChoice.value) {
    const accessKeyId = await ask({ title: `${title} (step 4 of 4)`, prompt: 'Access key id', validateInput: (v) => (v.trim() ? undefined : 'Enter the access key id.') });
    const secretAccessKey = await ask({ title: `${title} (step 4 of 4)`, prompt: 'Secret access key', password: true, validateInput: (v) => (v.trim() ? undefined : 'Enter the secret.') });
    keys = { accessKeyId, secretAccessKey };
  }
  await studio.storeEndpointKeys(name, keys);
  const entry: EndpointConfig = { name, endpoint, region };
  // A list in the workspace settings replaces the user's list, so the entry joins the list that is in effect;
  // copying the workspace list into the user settings would also duplicate its entries in every other folder.
  const inspect = config.inspect<EndpointConfig[]>(Settings.customEndpoints);
  if (inspect?.workspaceValue !== undefined) {
    await config.update(Settings.customEndpoints, [...inspect.workspaceValue, entry], vscode.ConfigurationTarget.Workspace);
  } else {
    await config.update(Settings.customEndpoints, [...(inspect?.globalValue ?? []), entry], vscode.ConfigurationTarget.Global);
  }
  studio.refreshAll();
  void vscode.window.showInformationMessage(vscode.l10n.t('Added connection "{0}" ({1}).', name, endpoint));
}

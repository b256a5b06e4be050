import * as vscode from 'vscode';
import { Settings } from '../constants';
import { endpointUrlProblem, type EndpointConfig } from '../core/aws/connections';
import { isValidRegionName } from '../core/aws/regions';
import type { Studio } from '../studio';
import { Cancelled } from './pickers';

async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value.trim();
}

/** Adds a custom-endpoint connection (DynamoDB Local and other compatible endpoints). Keys go to SecretStorage. */
export async function addConnection(studio: Studio): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const existing = config.get<EndpointConfig[]>(Settings.customEndpoints, []);
  const title = 'Add Endpoint Connection';
  const name = await ask({
    title: `${title} (1/4)`,
    prompt: 'Name shown in the explorer',
    value: existing.some((e) => e.name === 'Local') ? '' : 'Local',
    validateInput: (v) =>
      !v.trim() ? 'Enter a name.' : existing.some((e) => e.name === v.trim()) ? `A connection named "${v.trim()}" exists already.` : /[/#]/.test(v) ? "The name cannot contain '/' or '#'." : undefined,
  });
  const endpoint = await ask({
    title: `${title} (2/4)`,
    prompt: 'Endpoint URL',
    value: 'http://localhost:8000',
    validateInput: (v) => endpointUrlProblem(v.trim()),
  });
  const defaultRegion = config.get<string>(Settings.defaultRegion, 'us-east-1');
  const region = await ask({
    title: `${title} (3/4)`,
    prompt: 'Signing region',
    value: defaultRegion,
    validateInput: (v) => (isValidRegionName(v.trim()) ? undefined : 'Use letters, digits and dashes, for example us-east-1.'),
  });
  const keyChoice = await vscode.window.showQuickPick(
    [
      { label: 'No access keys', description: 'DynamoDB Local accepts any key; placeholder keys are sent', value: false },
      { label: 'Enter access keys…', description: 'kept in VS Code secret storage', value: true },
    ],
    { title: `${title} (4/4)`, placeHolder: 'Credentials', ignoreFocusOut: true },
  );
  if (!keyChoice) throw new Cancelled();
  let keys: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (keyChoice.value) {
    const accessKeyId = await ask({ title, prompt: 'Access key id', validateInput: (v) => (v.trim() ? undefined : 'Enter the access key id.') });
    const secretAccessKey = await ask({ title, prompt: 'Secret access key', password: true, validateInput: (v) => (v.trim() ? undefined : 'Enter the secret.') });
    keys = { accessKeyId, secretAccessKey };
  }
  await studio.storeEndpointKeys(name, keys);
  const entry: EndpointConfig = { name, endpoint, region };
  await config.update(Settings.customEndpoints, [...existing, entry], vscode.ConfigurationTarget.Global);
  studio.refreshAll();
  void vscode.window.showInformationMessage(`Added connection "${name}" (${endpoint}).`);
}

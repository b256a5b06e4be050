// Reads the extension's settings through their zod parsers (model/settings.ts): a bad value or entry is dropped with
// a warning in the output channel, once per distinct problem, and the rest is used.
import * as vscode from 'vscode';
import { parseSetting, type SettingName, type SettingValue } from '../../model/settings';

export class SettingsReader {
  private readonly warned = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  get<K extends SettingName>(key: K): SettingValue<K> {
    const parsed = parseSetting(key, vscode.workspace.getConfiguration('dynamodbStudio').get<unknown>(key));
    for (const message of parsed.warnings) {
      if (this.warned.has(message)) continue;
      this.warned.add(message);
      this.warn(message);
    }
    return parsed.value;
  }
}

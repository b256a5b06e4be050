// Confirm-writes connections: each write request is shown exactly as it will be sent, and goes out only when the
// person presses Send. Requests arriving together are asked one after another, never in stacked dialogs.
import * as vscode from 'vscode';
import { formatWriteRequest, writeRequestJson, type WriteRequest } from '../../services/aws/readOnlyGuard';

const SHOWN_CHARS = 1800;

export class WriteConfirmations {
  private last: Promise<unknown> = Promise.resolve();

  /** For the client pool: resolves true to send the request. */
  readonly confirm = (request: WriteRequest): Promise<boolean> => {
    const answer = this.last.then(() => this.ask(request), () => this.ask(request));
    this.last = answer.catch(() => undefined);
    return answer;
  };

  private async ask(request: WriteRequest): Promise<boolean> {
    const full = formatWriteRequest(request);
    const shown = formatWriteRequest(request, SHOWN_CHARS);
    const target = request.tables.length ? `table ${request.tables.map((t) => `"${t}"`).join(', ')}` : 'DynamoDB';
    for (;;) {
      const buttons = shown === full ? ['Send'] : ['Send', 'Show Full Request'];
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Send {0} to {1} through "{2}"?', request.operation, target, request.connectionLabel),
        { modal: true, detail: `This connection confirms every write. The request, exactly as it will be sent:\n\n${shown}` },
        ...buttons,
      );
      if (choice === 'Send') return true;
      if (choice !== 'Show Full Request') return false;
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: writeRequestJson(request.input) });
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
    }
  }
}

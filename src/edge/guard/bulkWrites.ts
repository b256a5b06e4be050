// Destructive and bulk actions ask once, naming the table and how many items. On a confirm-writes connection that
// one confirmation covers the action's many requests (the dialog says so), instead of one dialog per batch.
import * as vscode from 'vscode';
import { withApprovedWrites } from '../../services/aws/readOnlyGuard';
import type { ConnectionMode } from '../../model/aws/connectionMode';

/** What a bulk confirmation needs to know of the connections: their guard mode. */
export interface ModeSource {
  modeOf(connectionId: string): ConnectionMode;
}

/** Items as "1 item", "about 1,234 items". */
export function itemCount(count: number, approximate = false): string {
  return `${approximate ? 'about ' : ''}${count.toLocaleString('en-US')} item${count === 1 ? '' : 's'}`;
}

/** The sentence a bulk confirmation adds on a confirm-writes connection. */
export function bulkGuardNote(studio: ModeSource, connectionId: string): string {
  return studio.modeOf(connectionId) === 'confirmWrites'
    ? '\n\nThis connection confirms writes: confirming here sends all the requests of this action without asking for each one.'
    : '';
}

/** Runs a bulk action the person confirmed, with its writes to `tables` approved for the guard. */
export function runConfirmedBulk<T>(tables: readonly string[], description: string, work: () => Promise<T>): Promise<T> {
  return withApprovedWrites({ tables, description }, work);
}

/** A modal confirmation with one action button; resolves true when pressed. */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

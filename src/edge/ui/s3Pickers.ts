// The questions Export to S3 and Import from S3 share: which bucket (a QuickPick of the buckets the connection's
// credentials list, or a typed name), and which key prefix.
import * as vscode from 'vscode';
import type { Connection } from '../../services/aws/connections';
import { listBucketNames } from '../../services/s3jobs/s3Clients';
import { bucketNameProblem } from '../../model/s3jobs/jobs';
import type { Studio } from '../studio/studio';
import { Cancelled } from './pickers';

const TYPE_NAME = '$(edit) Enter a bucket name…';

/** Picks a bucket: the listed ones first; when listing is denied or empty, the name is typed (and checked). */
export async function pickBucket(studio: Studio, conn: Connection, region: string, title: string): Promise<string> {
  let names: string[] = [];
  let listProblem: string | undefined;
  try {
    names = await listBucketNames(await studio.s3.get(conn, region));
  } catch (err) {
    listProblem = (err as Error).message;
  }
  if (names.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [...names.map((name) => ({ label: name, description: conn.s3Endpoint ? conn.s3Endpoint : undefined })), { label: TYPE_NAME, description: 'a bucket of another account, or one not listed' }],
      { title, placeHolder: 'S3 bucket', ignoreFocusOut: true },
    );
    if (!picked) throw new Cancelled();
    if (picked.label !== TYPE_NAME) return picked.label;
  }
  const typed = await vscode.window.showInputBox({
    title,
    prompt: listProblem ? `The buckets could not be listed (${listProblem}). Type the bucket name.` : names.length ? 'Bucket name' : 'No buckets were listed for this connection. Type the bucket name.',
    ignoreFocusOut: true,
    validateInput: (v) => bucketNameProblem(v.trim()),
  });
  if (typed === undefined) throw new Cancelled();
  return typed.trim();
}

/** Asks for an S3 key prefix (may be empty). */
export async function askPrefix(title: string, prompt: string, value: string): Promise<string> {
  const prefix = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (v.startsWith('/') ? 'A prefix does not start with "/".' : v.length > 1024 ? 'A prefix is at most 1,024 characters.' : undefined),
  });
  if (prefix === undefined) throw new Cancelled();
  return prefix.trim();
}

// Temporary AWS config and credentials files for the tests of src/core/aws.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface AwsFiles {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** Environment that points the loader (and the SDK) at these files and at dir as home directory. */
  env: Record<string, string>;
}

const created: string[] = [];

export async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ddb-studio-aws-'));
  created.push(dir);
  return dir;
}

/** Writes the given files (a missing one is not created) into a new temporary directory. */
export async function writeAwsFiles(files: { config?: string; credentials?: string }): Promise<AwsFiles> {
  const dir = await tempDir();
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  if (files.config !== undefined) await fs.writeFile(configFile, files.config);
  if (files.credentials !== undefined) await fs.writeFile(credentialsFile, files.credentials);
  return {
    dir,
    configFile,
    credentialsFile,
    env: { HOME: dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
  };
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

/** Joins lines with LF; `crlf` uses CRLF, as files saved on Windows do. */
export function lines(text: string[], crlf = false): string {
  return text.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
}

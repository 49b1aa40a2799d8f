// Test recipients of a workspace: `linktrace.recipients.json` at the workspace root, a JSON array
// of {id, email, fields}. Without the file the daemon uses its own default recipients.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkRecipients, type Recipient } from '@linktrace/core';

export const RECIPIENTS_FILE = 'linktrace.recipients.json';

/** The workspace's test recipients, undefined when it has no recipients file; a clear error when the file is wrong. */
export async function loadWorkspaceRecipients(workspaceRoot: string | undefined): Promise<Recipient[] | undefined> {
  if (!workspaceRoot) return undefined;
  const file = path.join(workspaceRoot, RECIPIENTS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = checkRecipients(value);
  if (problem) throw new Error(`${file}: ${problem}`);
  return (value as Recipient[]).map((recipient) => ({ ...recipient, fields: recipient.fields ?? {} }));
}

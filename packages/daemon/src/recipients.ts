// Test recipients: data only ({id, email, fields}), from a JSON file or a built-in pair.
import { readFile } from 'node:fs/promises';
import { checkRecipients, type Recipient } from '@linktrace/core';
import { RecipientsFileError } from './errors';

export const DEFAULT_RECIPIENTS: readonly Recipient[] = Object.freeze([
  {
    id: 'r1',
    email: 'ada@example.test',
    fields: { firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', city: 'London', company: 'Analytical Engines', language: 'en' },
  },
  {
    id: 'r2',
    email: 'grace@example.test',
    fields: { firstName: 'Grace', lastName: 'Hopper', name: 'Grace Hopper', city: 'New York', company: 'Compilers & Co', language: 'en' },
  },
]);

/** A private, normalized copy: fields always present, nobody opted out yet. */
export function normalizeRecipients(recipients: readonly Recipient[]): Recipient[] {
  return recipients.map((recipient) => ({
    id: recipient.id,
    email: recipient.email,
    fields: structuredClone(recipient.fields ?? {}),
    optedOut: false,
  }));
}

/** Reads and validates a recipients file: a JSON array of {id, email, fields}. */
export async function loadRecipientsFile(file: string): Promise<Recipient[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RecipientsFileError(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecipientsFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  const problem = checkRecipients(value);
  if (problem) throw new RecipientsFileError(file, `${problem}; expected a JSON array like [{"id": "r1", "email": "ada@example.test", "fields": {"firstName": "Ada"}}]`);
  return normalizeRecipients(value as Recipient[]);
}

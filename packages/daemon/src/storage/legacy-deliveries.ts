// Reading a one-document deliveries.json of an earlier version for its migration. Such a file
// could grow past what V8 can hold as one string (about 512 MB: fifty deliveries of a 1.6 MB
// template), so a large one is not parsed whole: its bytes are scanned for the elements of the
// top-level "deliveries" array, and each element is parsed on its own.
import { CorruptDataError } from './errors';

/** Files up to this size are parsed whole; larger ones element by element. */
export const WHOLE_PARSE_MAX_BYTES = 64 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const ARRAY_OPEN = 0x5b;

export interface SplitDocument {
  /** The document with its "deliveries" array emptied: small enough to parse whole. */
  skeleton: unknown;
  /** Each element of "deliveries", parsed on its own. */
  deliveries: unknown[];
}

/**
 * Splits `bytes` (a JSON object with a top-level "deliveries" array) without making one string of
 * it. Strings are skipped with their escapes, so brackets and quotes inside templates do not count.
 */
export function splitDeliveriesDocument(file: string, bytes: Buffer): SplitDocument {
  let depth = 0;
  let inString = false;
  let arrayStart = -1;
  let arrayEnd = -1;
  let elementStart = -1;
  const deliveries: unknown[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      depth++;
      if (depth === 2 && byte === ARRAY_OPEN && arrayStart === -1 && /"deliveries"\s*:\s*$/.test(bytes.subarray(Math.max(0, i - 64), i).toString('latin1'))) {
        arrayStart = i;
      } else if (depth === 3 && arrayStart !== -1 && arrayEnd === -1) {
        elementStart = i;
      }
    } else if (CLOSE.has(byte)) {
      if (depth === 3 && elementStart !== -1) {
        const text = bytes.subarray(elementStart, i + 1).toString('utf8');
        try {
          deliveries.push(JSON.parse(text));
        } catch (error) {
          throw new CorruptDataError(file, `deliveries[${deliveries.length}] is not valid JSON (${(error as Error).message})`);
        }
        elementStart = -1;
      } else if (depth === 2 && arrayStart !== -1 && arrayEnd === -1) {
        arrayEnd = i;
      }
      depth--;
      if (depth < 0) throw new CorruptDataError(file, 'not valid JSON (unbalanced brackets)');
    }
  }
  if (depth !== 0 || inString) throw new CorruptDataError(file, 'not valid JSON (it ends in the middle of a value)');
  if (arrayStart === -1 || arrayEnd === -1) throw new CorruptDataError(file, '"deliveries" is not an array');
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(Buffer.concat([bytes.subarray(0, arrayStart + 1), bytes.subarray(arrayEnd)]).toString('utf8'));
  } catch (error) {
    throw new CorruptDataError(file, `not valid JSON (${(error as Error).message})`);
  }
  return { skeleton, deliveries };
}

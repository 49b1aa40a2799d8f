// The last step before anything reaches the terminal: labels, URLs, user agents, file names and
// daemon messages can come from whoever wrote a template or sent a request, so control characters
// (escape sequences, carriage returns) and bidirectional overrides (U+202E, U+2066...) that would
// rewrite or reorder what the user reads are shown as \u escapes instead. In JSON output they only
// occur inside strings, where the same escape keeps the document valid and its value unchanged.

// C0 except tab and newline, DEL, C1, the line/paragraph separators and every bidi control.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

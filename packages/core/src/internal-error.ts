// A bug inside linktrace becomes a finding on the file being linted, so one template that trips it
// costs that file's results only, never another file's or the editor's.
import type { Finding } from './types';

export const INTERNAL_ERROR_RULE = 'internal-error';

/** An error finding at the start of the file that names the failure and asks for a report. */
export function internalErrorFinding(error: unknown, where = 'linktrace'): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ruleId: INTERNAL_ERROR_RULE,
    severity: 'error',
    message: `internal error in ${where}: ${message}. The file was not fully linted; please report this with the template that caused it.`,
    start: 0,
    end: 0,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}

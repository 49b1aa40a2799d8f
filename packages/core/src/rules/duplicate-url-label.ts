import type { Rule } from '../types';

// STUB: to be implemented (see issue 2).
const rule: Rule = {
  id: 'duplicate-url-label',
  defaultSeverity: 'warning',
  description: 'TODO',
  check() {},
};
export default rule;

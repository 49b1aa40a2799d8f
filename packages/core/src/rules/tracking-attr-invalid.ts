import type { Rule } from '../types';

// STUB: to be implemented (see issue 2).
const rule: Rule = {
  id: 'tracking-attr-invalid',
  defaultSeverity: 'warning',
  description: 'TODO',
  check() {},
};
export default rule;

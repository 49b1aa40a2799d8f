import type { PlatformProfile } from './profile';

/**
 * No platform tag in the template: most sending platforms render each message and rewrite its
 * links afterwards, so that is assumed, and message kind is read from the message itself.
 */
const generic: PlatformProfile = {
  id: 'generic',
  name: 'an email platform that tracks links after rendering',
  dialect: 'plain',
  tracking: 'rendered',
  typesLinks: false,
  builtins: [
    // Common names for an unsubscribe URL variable, whatever renders it.
    { expression: /^unsubscribe(?:_url|Url|URL|_link)?$/, meaning: 'opt-out', example: '{{ unsubscribe_url }}' },
  ],
  signals: [],
};
export default generic;

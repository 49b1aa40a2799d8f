import type { PlatformProfile } from './profile';

const klaviyo: PlatformProfile = {
  id: 'klaviyo',
  name: 'Klaviyo',
  dialect: 'liquid',
  tracking: 'rendered',
  typesLinks: false,
  // `{% unsubscribe_link %}` is the URL; `{% unsubscribe %}` writes a whole <a> (never inside an href).
  builtins: [
    { expression: /^unsubscribe_link$/, meaning: 'opt-out', example: '{% unsubscribe_link %}' },
    { expression: /^web_view_link$/, meaning: 'mirror-page', example: '{% web_view_link %}' },
    { expression: /^manage_preferences_link$/, meaning: 'platform', example: '{% manage_preferences_link %}' },
  ],
  optOutBlocks: [/^unsubscribe(?:\s|$)/, /^manage_preferences(?:\s|$)/],
  messageKind: 'marketing',
  signals: [
    { pattern: /\{%-?\s{0,4}(?:unsubscribe|unsubscribe_link|manage_preferences|manage_preferences_link|web_view|web_view_link)\s{0,4}[%'"]/, what: 'Klaviyo tag' },
    { pattern: /\{\{\s{0,4}(?:person|organization)\.[A-Za-z|]/, what: 'Klaviyo profile variable' },
  ],
};
export default klaviyo;

import type { PlatformProfile } from './profile';

const klaviyo: PlatformProfile = {
  id: 'klaviyo',
  name: 'Klaviyo',
  dialect: 'liquid',
  tracking: 'rendered',
  typesLinks: false,
  builtins: [
    { expression: /^unsubscribe_url$/, meaning: 'opt-out', example: '{% unsubscribe_url %}' },
    { expression: /^web_view_url$|^web_view_link$/, meaning: 'mirror-page', example: '{% web_view_url %}' },
    { expression: /^(?:manage_preferences_url|update_profile_url)$/, meaning: 'platform', example: '{% manage_preferences_url %}' },
  ],
  optOutBlocks: [/^unsubscribe(?:\s|$)/, /^unsubscribe_link\b/],
  messageKind: 'marketing',
  signals: [
    { pattern: /\{%-?\s{0,4}(?:unsubscribe|unsubscribe_url|unsubscribe_link|manage_preferences|manage_preferences_url|web_view|web_view_url|update_profile_url)\s{0,4}[%'"]/, what: 'Klaviyo tag' },
    { pattern: /\{\{\s{0,4}(?:person|organization)\.[A-Za-z|]/, what: 'Klaviyo profile variable' },
  ],
};
export default klaviyo;

import type { PlatformProfile } from './profile';

const braze: PlatformProfile = {
  id: 'braze',
  name: 'Braze',
  dialect: 'liquid',
  tracking: 'rendered',
  typesLinks: false,
  builtins: [
    { expression: /^\$\{set_user_to_unsubscribed_url\}$/, meaning: 'opt-out', example: '{{${set_user_to_unsubscribed_url}}}' },
    { expression: /^\$\{(?:set_user_to_subscribed_url|set_user_to_opted_in_url)\}$/, meaning: 'platform', example: '{{${set_user_to_subscribed_url}}}' },
    { expression: /^preference_center\.\$\{[a-z_]{1,60}\}$/, meaning: 'platform', example: '{{preference_center.${preference_center_name}}}' },
  ],
  // Campaigns and API-triggered transactional sends alike: read the message.
  signals: [
    { pattern: /\{\{\$\{[a-z_]{1,60}\}/, what: 'Braze attribute tag' },
    { pattern: /\{%-?\s{0,4}(?:connected_content|abort_message|catalog_items|content_blocks)\b/, what: 'Braze Liquid tag' },
  ],
};
export default braze;

import type { PlatformProfile } from './profile';

const shopify: PlatformProfile = {
  id: 'shopify',
  name: 'Shopify notifications',
  dialect: 'liquid',
  tracking: 'none',
  typesLinks: false,
  builtins: [
    { expression: /^(?:order_status_url|shop\.url|checkout\.url|account_activation_url|customer\.account_activation_url|reset_password_url|customer\.reset_password_url|customer\.account_url|fulfillment\.tracking_url|tracking_url)\b/, meaning: 'platform', example: '{{ order_status_url }}' },
  ],
  messageKind: 'transactional',
  signals: [
    { pattern: /\{\{-?\s{0,4}shop\.(?:url|name|email|email_logo_url|email_accent_color)\b/, what: 'Shopify shop variable' },
    { pattern: /\|\s{0,4}(?:asset_url|shopify_asset_url|img_url|image_url|money|money_with_currency|money_without_trailing_zeros)\b/, what: 'Shopify Liquid filter' },
    { pattern: /\{\{-?\s{0,4}(?:order_status_url|shipping_address\.|billing_address\.)|\{%-?\s{0,4}for [a-z_]{1,30} in (?:subtotal_)?line_items\b/, what: 'Shopify order variable' },
  ],
};
export default shopify;

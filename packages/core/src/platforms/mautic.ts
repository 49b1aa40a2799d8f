import type { PlatformProfile } from './profile';

const mautic: PlatformProfile = {
  id: 'mautic',
  name: 'Mautic',
  dialect: 'mautic',
  ownsDialect: true,
  tracking: 'rendered',
  noTrack: 'data-mautic-disable-tracking',
  typesLinks: false,
  builtins: [
    { expression: /^webview_url$/, meaning: 'mirror-page', example: '{webview_url}' },
    { expression: /^unsubscribe_url$/, meaning: 'opt-out', example: '{unsubscribe_url}' },
    { expression: /^(?:pagelink|assetlink)=/, meaning: 'platform', example: '{pagelink=1}' },
  ],
  optOutBlocks: [/^unsubscribe_text$/],
  messageKind: 'marketing',
  signals: [
    { pattern: /\{(?:contactfield|leadfield|ownerfield|pagelink|assetlink|dynamiccontent)=/, what: 'Mautic token' },
    { pattern: /\{(?:unsubscribe_url|unsubscribe_text|webview_url|webview_text|tracking_pixel)\}/, what: 'Mautic built-in token' },
    ...['data-mautic-disable-tracking', 'data-slot=', 'data-section-wrapper'].map((literal) => ({ literal, what: 'Mautic builder attribute' })),
  ],
};
export default mautic;

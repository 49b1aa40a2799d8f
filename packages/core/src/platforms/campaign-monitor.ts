import type { PlatformProfile } from './profile';

const campaignMonitor: PlatformProfile = {
  id: 'campaign-monitor',
  name: 'Campaign Monitor',
  dialect: 'plain',
  tracking: 'rendered',
  noTrack: 'cm_dontconvertlink',
  typesLinks: false,
  builtins: [],
  // `<unsubscribe>Unsubscribe</unsubscribe>` and friends become links when the campaign is sent.
  optOutMarkers: [/<unsubscribe\b/i],
  messageKind: 'marketing',
  signals: [
    { pattern: /<(?:unsubscribe|webversion|forwardtoafriend|preferences|currentday|currentmonthname)\b/, what: 'Campaign Monitor link tag' },
    { pattern: /\[(?:firstname|lastname|fullname|email),fallback=/, what: 'Campaign Monitor personalization tag' },
    { pattern: /\b(?:cm|tm):(?:repeater|editable|hideable)\b|<(?:repeater|layout|singleline|multiline)\b/, what: 'Campaign Monitor template tag' },
    { pattern: /\bcm_dontconvertlink\b/, what: 'Campaign Monitor no-track attribute' },
  ],
};
export default campaignMonitor;

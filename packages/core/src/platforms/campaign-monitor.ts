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
    ...['<unsubscribe>', '<webversion>', '<forwardtoafriend>', '<preferences>'].map((literal) => ({ literal, what: 'Campaign Monitor link tag' })),
    { pattern: /\[(?:firstname|lastname|fullname|email),fallback=/, what: 'Campaign Monitor personalization tag' },
    ...['<singleline', '<multiline', '<repeater', 'cm:editable', 'tm:repeater'].map((literal) => ({ literal, what: 'Campaign Monitor template tag' })),
    { literal: 'cm_dontconvertlink', what: 'Campaign Monitor no-track attribute' },
  ],
};
export default campaignMonitor;

import type { PlatformProfile } from './profile';

const mailchimp: PlatformProfile = {
  id: 'mailchimp',
  name: 'Mailchimp',
  dialect: 'mailchimp',
  ownsDialect: true,
  tracking: 'rendered',
  noTrack: 'mc:disable-tracking',
  typesLinks: false,
  builtins: [
    { expression: /^ARCHIVE$/, meaning: 'mirror-page', example: '*|ARCHIVE|*' },
    { expression: /^ARCHIVE_LINK_SHORT$/, meaning: 'mirror-page', example: '*|ARCHIVE_LINK_SHORT|*' },
    { expression: /^UNSUB$/, meaning: 'opt-out', example: '*|UNSUB|*' },
    { expression: /^(?:UPDATE_PROFILE|FORWARD|ABOUT_LIST|REWARDS|ARCHIVE_PAGE|LIST:URL|LIST:SUBSCRIBE|LIST:ADDRESS_VCARD|VCARD|MC:SHARE|MC:TRANSLATE)$/, meaning: 'platform', example: '*|UPDATE_PROFILE|*' },
    { expression: /^[A-Z]{2,20}:PROFILE_?URL$/, meaning: 'platform', example: '*|TWITTER:PROFILEURL|*' },
  ],
  messageKind: 'marketing',
  signals: [
    { pattern: /\*\|[A-Z][A-Z0-9_:]{0,40}\|\*/, what: 'Mailchimp merge tag' },
    ...['mc:edit', 'mc:repeatable', 'mc:hideable'].map((literal) => ({ literal, what: 'Mailchimp editable-region attribute' })),
  ],
};
export default mailchimp;

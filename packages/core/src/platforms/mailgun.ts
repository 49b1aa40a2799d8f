import type { PlatformProfile } from './profile';

/** Mailgun's batch sends write `%recipient.x%` variables and `%unsubscribe_url%`, outside any template engine. */
const mailgun: PlatformProfile = {
  id: 'mailgun',
  name: 'Mailgun',
  dialect: 'handlebars',
  tracking: 'rendered',
  noTrack: 'disable-tracking',
  typesLinks: false,
  builtins: [],
  optOutMarkers: [/%(?:tag_|mailing_list_)?unsubscribe_url%/],
  signals: [
    { pattern: /%recipient\.[A-Za-z_]/, what: 'Mailgun recipient variable' },
    { pattern: /%(?:tag_|mailing_list_)?unsubscribe_url%/, what: 'Mailgun unsubscribe variable' },
  ],
};
export default mailgun;

import type { PlatformProfile } from './profile';

const postmark: PlatformProfile = {
  id: 'postmark',
  name: 'Postmark',
  dialect: 'handlebars',
  tracking: 'rendered',
  noTrack: 'data-pm-no-track',
  typesLinks: false,
  builtins: [
    { expression: /^pm:unsubscribe$/, meaning: 'opt-out', example: '{{{ pm:unsubscribe }}}' },
  ],
  messageKind: 'transactional',
  signals: [
    { pattern: /\{\{\{?\s{0,4}pm:[a-z_]{1,30}/, what: 'Postmark tag' },
    { literal: 'data-pm-no-track', what: 'Postmark no-track attribute' },
  ],
};
export default postmark;

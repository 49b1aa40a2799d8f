import type { PlatformProfile } from './profile';

const listmonk: PlatformProfile = {
  id: 'listmonk',
  name: 'listmonk',
  dialect: 'listmonk',
  ownsDialect: true,
  tracking: 'rendered',
  typesLinks: false,
  tracksOnlyMarkedLinks: true,
  builtins: [
    { expression: /^\.?MessageURL$/, meaning: 'mirror-page', example: '{{ MessageURL }}' },
    { expression: /^\.?(?:UnsubscribeURL|UnsubURL)$/, meaning: 'opt-out', example: '{{ UnsubscribeURL }}' },
    { expression: /^\.?(?:OptinURL|ManageURL|ArchiveURL|RootURL|ResetURL|OptinURLs?)\b/, meaning: 'platform', example: '{{ ManageURL }}' },
    { expression: /^TrackLink\b/, meaning: 'platform', example: '{{ TrackLink "https://..." }}' },
  ],
  messageKind: 'marketing',
  // Go templates: listmonk's built-in functions, `.Field` access, and Go's own actions.
  signals: [
    { pattern: /\{\{-?\s{0,4}(?:TrackLink|TrackView|UnsubscribeURL|MessageURL|OptinURL|ManageURL|ArchiveURL|RootURL)\b/, what: 'listmonk template function' },
    { pattern: /@TrackLink\b/, what: 'listmonk @TrackLink' },
    { pattern: /\{\{-?\s{0,4}(?:define|template|block)\s{1,4}"/, what: 'Go template definition' },
    { pattern: /\{\{-?\s{0,4}(?:\$\.|\.)[A-Z][A-Za-z]{0,40}/, what: 'Go template field' },
    { pattern: /\{\{-?\s{0,4}(?:L\.T|L\.Ts|index \.|range \$|range \.)/, what: 'Go template action' },
  ],
};
export default listmonk;

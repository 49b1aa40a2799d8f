import type { PlatformProfile } from './profile';

const campaign: PlatformProfile = {
  id: 'campaign',
  name: 'Adobe Campaign',
  dialect: 'campaign',
  ownsDialect: true,
  tracking: 'source',
  noTrack: '_type="never"',
  typesLinks: true,
  labels: { attribute: '_label', example: '_label="hero"' },
  builtins: [
    { expression: /^include\s+view\s*=\s*["']MirrorPage(?:Url)?["']$/, meaning: 'mirror-page', example: "<%@ include view='MirrorPageUrl' %>" },
    { expression: /^include\s+view\s*=\s*["']Unsubscription(?:Link|Url)[A-Za-z]*["']$/, meaning: 'opt-out', example: "<%@ include view='UnsubscriptionLinkUrl' %>" },
  ],
  optOutBlocks: [/^include\s+view\s*=\s*["']Unsubscription(?:Link)?["']$/],
  messageKind: 'marketing',
  signals: [
    { pattern: /<%[=@]/, what: 'Campaign personalization tag' },
    { literal: '_type="optout"', what: 'Campaign _type attribute' },
    { literal: '_type="mirrorPage"', what: 'Campaign _type attribute' },
  ],
};
export default campaign;

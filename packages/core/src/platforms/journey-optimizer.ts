import type { PlatformProfile } from './profile';

const journeyOptimizer: PlatformProfile = {
  id: 'journey-optimizer',
  name: 'Journey Optimizer',
  dialect: 'handlebars',
  tracking: 'source',
  noTrack: 'data-tracking="never"',
  typesLinks: true,
  labels: { attribute: 'data-label', example: 'data-label="hero"' },
  builtins: [
    { expression: /^context\.system\.mirrorPageUrl$/, meaning: 'mirror-page', example: '{{context.system.mirrorPageUrl}}' },
  ],
  messageKind: 'marketing',
  // Only Journey Optimizer's own namespaces: a bare {{ name }} is every Mustache dialect's.
  signals: [
    { pattern: /\{\{[#~]?\s{0,4}(?:profile|context)\.[A-Za-z]/, what: 'Journey Optimizer profile or context expression' },
    { pattern: /\{%=/, what: 'Journey Optimizer helper expression' },
    { pattern: /\{\{\s{0,4}fragment\s/, what: 'Journey Optimizer fragment' },
  ],
};
export default journeyOptimizer;

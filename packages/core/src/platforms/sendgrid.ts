import type { PlatformProfile } from './profile';

const sendgrid: PlatformProfile = {
  id: 'sendgrid',
  name: 'SendGrid',
  dialect: 'sendgrid',
  ownsDialect: true,
  tracking: 'rendered',
  noTrack: 'clicktracking="off"',
  typesLinks: false,
  builtins: [
    { expression: /^Weblink$/i, meaning: 'mirror-page', example: '[Weblink]' },
    { expression: /^(?:Unsubscribe|unsubscribe)$/i, meaning: 'opt-out', example: '[Unsubscribe]' },
    { expression: /^asm_(?:group_unsubscribe|global_unsubscribe)_raw_url$/, meaning: 'opt-out', example: '<%asm_group_unsubscribe_raw_url%>' },
    { expression: /^(?:Unsubscribe_Preferences|unsubscribe_preferences)$/i, meaning: 'opt-out', example: '[Unsubscribe_Preferences]' },
    { expression: /^asm_preferences_raw_url$/, meaning: 'opt-out', example: '<%asm_preferences_raw_url%>' },
  ],
  // Marketing campaigns and transactional sends both go through SendGrid: read the message.
  signals: [
    { pattern: /<%asm_[a-z_]{1,40}%>/, what: 'SendGrid unsubscribe group tag' },
    { pattern: /\[(?:[Uu]nsubscribe|UNSUBSCRIBE|[Uu]nsubscribe_[Pp]references|[Ww]eblink|Sender_[A-Za-z_]{1,30})\]/, what: 'SendGrid substitution tag' },
    { pattern: /\{\{\{\s{0,2}unsubscribe(?:_preferences)?\s{0,2}\}\}\}/, what: 'SendGrid unsubscribe tag' },
    { literal: 'clicktracking=', what: 'SendGrid clicktracking attribute' },
  ],
};
export default sendgrid;

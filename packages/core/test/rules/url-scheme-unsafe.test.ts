import { ruleTests } from './harness';

ruleTests('url-scheme-unsafe', [
  { name: 'javascript:', text: '<a href="javascript:alert(1)">x</a>', findings: [{ covers: 'javascript:alert(1)', message: /javascript: link.*https:\/\//, severity: 'error' }] },
  { name: 'vbscript:, data:, file:', text: '<a href="vbscript:msgbox(1)">a</a><a href="data:text/html;base64,PHA+">b</a><a href="file:///C:/x.pdf">c</a>', findings: [{ covers: 'vbscript:msgbox(1)' }, { covers: 'data:text/html;base64,PHA+', message: /data:/ }, { covers: 'file:///C:/x.pdf' }] },
  { name: 'mixed case and surrounding spaces', text: '<a href="  JaVaScRiPt:void(0) ">x</a>', findings: [{ covers: 'JaVaScRiPt:void(0)' }] },
  { name: 'a tab entity inside the scheme', text: '<a href="JaVa&#x09;script:alert(1)">x</a>', findings: [{ covers: 'JaVa&#x09;script:alert(1)' }] },
  { name: 'a raw line break and tab inside the scheme', text: '<a href="java\n\tscript:alert(1)">x</a>', findings: [{ covers: 'java\n\tscript:alert(1)' }] },
  { name: 'letters as decimal and hex references, padded, without semicolons', text: "<a href='&#106;&#x61;&#0000118;a&#115cript&colon;x'>x</a>", findings: [{ covers: '&#106;&#x61;&#0000118;a&#115cript&colon;x' }] },
  { name: 'control characters before the scheme', text: '<a href="&#1;&#32;javascript:x">x</a>', findings: [{ covers: '&#1;&#32;javascript:x' }] },
  { name: 'Inky button and VML', text: '<button href="javascript:x">b</button><!--[if mso]><v:roundrect href="javascript:y"></v:roundrect><![endif]-->', findings: [{ covers: 'javascript:x' }, { covers: 'javascript:y' }] },
  { name: 'safe schemes', text: '<a href="https://e.com/javascript:x">a</a><a href="mailto:js@e.com">b</a><a href="https://e.com/?u=data:x">c</a>', findings: [] },
  { name: 'data: images are not links', text: '<img src="data:image/png;base64,iVBORw0KGgo=">', findings: [] },
  { name: 'a word that only starts like a scheme', text: '<a href="javascripts.example.com">a</a><a href="database:x">b</a><a href="https://files.example.com/">c</a>', findings: [] },
  { name: 'personalization at the start is not guessed at', text: '<a href="<%= proto %>javascript:x">a</a><a href="{{js}}:x">b</a>', findings: [] },
  { name: 'invalid references do not crash', text: '<a href="&#xFFFFFFFFFF;javascript&#0;:x">a</a><a href="&#99999999999999999999;">b</a>', findings: [] },
]);
